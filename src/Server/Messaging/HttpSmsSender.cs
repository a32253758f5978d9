using System.Net.Http.Headers;
using System.Net.Http.Json;
using Grpc.Core;
using Tracing.Server.Privacy;

namespace Tracing.Server.Messaging;

/// <summary>
/// Sends each message as a JSON POST (<c>to</c>, <c>text</c>) to the operator's SMS gateway
/// (<c>Tracing:Sms:Sender=Http</c>). The one-time code travels only inside the text, never into a file or log.
/// </summary>
public sealed class HttpSmsSender : ISmsSender, IDisposable
{
    private readonly HttpClient _client;
    private readonly Uri _url;
    private readonly ILogger<HttpSmsSender> _logger;

    /// <summary>Creates the sender for the gateway in <paramref name="settings"/>.</summary>
    public HttpSmsSender(HttpSmsSettings settings, ILogger<HttpSmsSender> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Uri.TryCreate(settings.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            throw new InvalidOperationException($"Tracing:Sms:Http:Url is '{settings.Url}': set it to your SMS gateway's https address, which receives a JSON POST {{\"to\", \"text\"}} per message.");
        _url = url;
        _logger = logger;
        _client = new HttpClient { Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds) };
        if (settings.Authorization.Length > 0)
            _client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(settings.Authorization);
    }

    /// <inheritdoc />
    public async Task SendAsync(string phone, string text, string code, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _client.PostAsJsonAsync(_url, new GatewayMessage(phone, text), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failed) when (failed is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            ServerLog.SmsGatewayFailed(_logger, Masking.Phone(phone), failed.Message);
            throw Grpc.ErrorsAndCallers.Refused(StatusCode.Unavailable, "The SMS gateway could not be reached; ask for a code again in a minute.", "Hiện không gửi được tin nhắn SMS. Bạn hãy yêu cầu gửi mã lại sau một phút.");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                ServerLog.SmsGatewayFailed(_logger, Masking.Phone(phone), $"HTTP {(int)response.StatusCode}");
                throw Grpc.ErrorsAndCallers.Refused(StatusCode.Unavailable, "The SMS gateway did not take the message; ask for a code again in a minute.", "Hiện không gửi được tin nhắn SMS. Bạn hãy yêu cầu gửi mã lại sau một phút.");
            }
        }
        ServerLog.SmsSent(_logger, Masking.Phone(phone));
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private sealed record GatewayMessage(
        [property: System.Text.Json.Serialization.JsonPropertyName("to")] string To,
        [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text);
}
