using System.Net;
using System.Text.RegularExpressions;
using Tracing.Clients;

namespace Tracing.Server.Tests.Web;

/// <summary>
/// The portal seen as raw HTTP, as an attacker's script sees it: no redirects followed, every <c>Set-Cookie</c> kept
/// as sent, and cookies handed back by hand (also the <c>Secure</c> ones over plain HTTP, which a browser would not).
/// </summary>
internal sealed partial class PortalHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public PortalHttp(string webAddress)
    {
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(webAddress) };
    }

    /// <summary>Headers sent with every request (e.g. <c>X-Forwarded-Proto</c> as a proxy would add it).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every <c>Set-Cookie</c> header received, in order.</summary>
    public List<string> SetCookies { get; } = [];

    /// <summary>The forgery token of the last page read (from its first posting form).</summary>
    public string? FormToken { get; private set; }

    public async Task<(HttpResponseMessage Response, string Body)> GetAsync(string path)
        => await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>Posts <paramref name="fields"/>; the last page's token is added unless <paramref name="token"/> says otherwise.</summary>
    public async Task<(HttpResponseMessage Response, string Body)> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? token = "")
    {
        var all = fields.ToList();
        var sent = token == "" ? FormToken : token;
        if (sent is not null)
            all.Add(new("__RequestVerificationToken", sent));
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(all) });
    }

    /// <summary>Signs in as <paramref name="phone"/> through the forms, asking to go back to <paramref name="returnTo"/>; returns the answer of the code form.</summary>
    public async Task<HttpResponseMessage> SignInAsync(ServerProcess server, string phone, string returnTo)
    {
        await GetAsync("/dang-nhap");
        var outbox = new SmsOutbox(server.OutboxPath);
        var position = outbox.GetPosition();
        var (asked, _) = await PostAsync("/dang-nhap", [new("phone", phone), new("tiep", "/dia-diem")]);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var code = await outbox.WaitForCodeAsync(phone, position, TimeSpan.FromSeconds(10));
        var (verified, _) = await PostAsync("/dang-nhap/xac-nhan", [new("phone", phone), new("code", code), new("tiep", returnTo)]);
        return verified;
    }

    public void Dispose() => _client.Dispose();

    private async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpRequestMessage request)
    {
        foreach (var (name, value) in Headers)
            request.Headers.TryAddWithoutValidation(name, value);
        if (_cookies.Count > 0)
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await _client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                SetCookies.Add(header);
                var pair = header.Split(';', 2)[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                _cookies[pair[..equals]] = pair[(equals + 1)..];
            }
        }
        var body = await response.Content.ReadAsStringAsync();
        if (TokenField().Match(body) is { Success: true } token)
            FormToken = WebUtility.HtmlDecode(token.Groups[1].Value);
        return (response, body);
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" value=""([^""]*)""")]
    private static partial Regex TokenField();
}
