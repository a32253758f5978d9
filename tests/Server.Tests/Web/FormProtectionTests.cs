using System.Net;
using System.Text.RegularExpressions;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>
/// A page of another site cannot act through the portal: every form that posts carries a forgery token, and a post
/// without the token of the browser's own page is refused, 400 in Vietnamese, before anything is done. The
/// session and token cookies are HttpOnly and SameSite=Strict, and Secure when the browser reached the portal over
/// TLS through a proxy the server trusts.
/// </summary>
public sealed partial class FormProtectionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task Every_form_that_posts_carries_a_token_on_every_page()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán Token");
        using var portal = new PortalHttp(Server.WebAddress);
        var pages = new List<(string Name, string Html)>();
        pages.Add(("sign-in", (await portal.GetAsync("/dang-nhap")).Body));
        var phone = Citizens.NewPhone();
        pages.Add(("code", (await portal.PostAsync("/dang-nhap", [new("phone", phone), new("tiep", "/dia-diem")])).Body));
        pages.Add(("check-in", (await portal.GetAsync(new Uri(venue.QrPayload).AbsolutePath)).Body));
        pages.Add(("coverage", (await portal.GetAsync("/bao-cao-bao-phu")).Body));
        await portal.SignInAsync(Server, Citizens.NewPhone(), "/dia-diem");
        pages.Add(("venues", (await portal.GetAsync("/dia-diem")).Body));
        pages.Add(("registration", (await portal.GetAsync("/dang-ky-dia-diem")).Body));
        pages.Add(("personal QR", (await portal.GetAsync("/ma-ca-nhan")).Body));

        Assert.All(pages, page =>
        {
            var forms = PostingForm().Matches(page.Html);
            Assert.True(forms.Count > 0, $"{page.Name}: no form that posts");
            Assert.All(forms, form => Assert.StartsWith("<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"", page.Html[(form.Index + form.Length)..], StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task A_post_without_a_token_or_with_another_browsers_is_refused_and_nothing_is_done()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán Giả Mạo");
        using var attacker = new PortalHttp(Server.WebAddress);
        await attacker.GetAsync("/dang-nhap");
        var attackersToken = attacker.FormToken;
        using var victim = new PortalHttp(Server.WebAddress);
        var victimsPhone = Citizens.NewPhone();
        await victim.SignInAsync(Server, victimsPhone, "/dia-diem");
        var outbox = new SmsOutbox(Server.OutboxPath);
        var phone = Citizens.NewPhone();

        foreach (var token in new[] { null, attackersToken, "CfDJ8-not-a-token" })
        {
            var (requested, page) = await victim.PostAsync("/dang-nhap", [new("phone", phone), new("tiep", "/dia-diem")], token);
            AssertRefused(requested, page);
            var (registered, registeredPage) = await victim.PostAsync("/dia-diem", RegistrationOf("Quán Của Kẻ Gian"), token);
            AssertRefused(registered, registeredPage);
            var (checkedIn, checkInPage) = await victim.PostAsync(new Uri(venue.QrPayload).AbsolutePath, [new("action", "scan"), new("direction", "in")], token);
            AssertRefused(checkedIn, checkInPage);
            var (signedOut, signOutPage) = await victim.PostAsync("/dang-xuat", [], token);
            AssertRefused(signedOut, signOutPage);
        }

        Assert.Null(outbox.FindNewestCode(phone));
        var (_, venues) = await victim.GetAsync("/dia-diem");
        Assert.Contains("Bạn chưa quản lý địa điểm nào", venues, StringComparison.Ordinal);
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        Assert.Empty(await Citizens.HistoryAsync(health, venue.VenueId));
    }

    [Fact]
    public async Task The_forms_work_with_the_pages_own_token()
    {
        using var portal = new PortalHttp(Server.WebAddress);
        await portal.SignInAsync(Server, Citizens.NewPhone(), "/dia-diem");
        await portal.GetAsync("/dia-diem");

        var (registered, _) = await portal.PostAsync("/dia-diem", RegistrationOf("Quán Có Token"));

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.StartsWith("/dang-ky-dia-diem/hoan-thanh/", registered.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var (_, venues) = await portal.GetAsync("/dia-diem");
        Assert.Contains("Quán Có Token", WebUtility.HtmlDecode(venues), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cookies_are_HttpOnly_and_SameSite_Strict_and_not_Secure_over_plain_http_even_when_a_stranger_says_https()
    {
        using var portal = new PortalHttp(Server.WebAddress);
        // Not a proxy the server trusts: its word on the scheme does not count.
        portal.Headers["X-Forwarded-Proto"] = "https";

        var signedIn = await portal.SignInAsync(Server, Citizens.NewPhone(), "/dia-diem");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = Assert.Single(portal.SetCookies, c => c.StartsWith("tracing_session=", StringComparison.Ordinal));
        var forms = portal.SetCookies.First(c => c.StartsWith("tracing_forms=", StringComparison.Ordinal));
        Assert.All(new[] { session, forms }, cookie =>
        {
            var attributes = Attributes(cookie);
            Assert.Contains("httponly", attributes);
            Assert.Contains("samesite=strict", attributes);
            Assert.DoesNotContain("secure", attributes);
        });
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_that_ends_TLS_the_cookies_are_Secure()
    {
        await using var server = await ServerProcess.StartAsync(settings: "--Tracing:Portal:TrustedProxies:0=127.0.0.1");
        using var portal = new PortalHttp(server.WebAddress);
        portal.Headers["X-Forwarded-Proto"] = "https";
        portal.Headers["X-Forwarded-For"] = "203.0.113.7";

        var signedIn = await portal.SignInAsync(server, Citizens.NewPhone(), "/dia-diem");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = Assert.Single(portal.SetCookies, c => c.StartsWith("tracing_session=", StringComparison.Ordinal));
        var forms = portal.SetCookies.First(c => c.StartsWith("tracing_forms=", StringComparison.Ordinal));
        Assert.All(new[] { session, forms }, cookie =>
        {
            var attributes = Attributes(cookie);
            Assert.Contains("secure", attributes);
            Assert.Contains("httponly", attributes);
            Assert.Contains("samesite=strict", attributes);
        });
    }

    [Fact]
    public async Task A_trusted_proxy_setting_that_is_not_an_address_stops_the_start_with_what_to_fix()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(settings: "--Tracing:Portal:TrustedProxies:0=proxy.local"));

        Assert.Contains("Tracing:Portal:TrustedProxies", refused.Message, StringComparison.Ordinal);
        Assert.Contains("10.0.0.0/24", refused.Message, StringComparison.Ordinal);
    }

    private static void AssertRefused(HttpResponseMessage response, string page)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Biểu mẫu đã hết hạn hoặc không hợp lệ", page, StringComparison.Ordinal);
        Assert.Contains("Không có gì được lưu", page, StringComparison.Ordinal);
    }

    private static HashSet<string> Attributes(string setCookie)
        => setCookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    private static KeyValuePair<string, string>[] RegistrationOf(string name) =>
    [
        new("name", name), new("category", "restaurant"), new("parent", ""), new("province", "79"), new("district", "760"),
        new("ward", "26734"), new("street", "59 Lê Lợi"), new("registrant", "Trần Thị Quản Lý"),
        new("registrant_phone", "0912345678"), new("labels", ""), new("position", ""),
    ];

    [GeneratedRegex("""<form\b[^>]*\bmethod="post"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex PostingForm();
}
