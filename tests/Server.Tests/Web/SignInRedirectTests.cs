using System.Net;

namespace Tracing.Server.Tests.Web;

/// <summary>
/// After signing in, the portal goes back only to its own pages: a link crafted with <c>?tiep=</c> cannot send a
/// person who just typed their code to another site. Played through the real web endpoint, reading the
/// <c>Location</c> the browser would follow.
/// </summary>
public sealed class SignInRedirectTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    /// <summary>Known open-redirect tricks: each is, to a browser, another host or not a path of this site.</summary>
    public static TheoryData<string> Bypasses =>
    [
        "/\t/evil.example",
        "/%09/evil.example",
        "/\r\n/evil.example",
        "/%0d%0a/evil.example",
        "/\n/evil.example",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "/%5cevil.example",
        "/%5Cevil.example",
        "\\\\evil.example",
        "/%2f%2fevil.example",
        "/%252f%252fevil.example",
        "/%2F/evil.example",
        "/ /evil.example",
        "/%20/evil.example",
        "/\u3000/evil.example",
        "/\u200b/evil.example",
        "https://evil.example",
        "http:evil.example",
        "javascript:alert(1)",
        "/dia-diem/../\\evil.example",
        "/.//evil.example",
        "/dia-diem#@evil.example",
        "\t//evil.example",
        " /evil.example",
    ];

    [Theory]
    [MemberData(nameof(Bypasses))]
    public async Task A_crafted_return_address_lands_on_the_venue_list(string returnTo)
    {
        using var portal = new PortalHttp(fixture.Server.WebAddress);

        var signedIn = await portal.SignInAsync(fixture.Server, Citizens.NewPhone(), returnTo);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/dia-diem", signedIn.Headers.Location?.OriginalString);
    }

    [Theory]
    [MemberData(nameof(Bypasses))]
    public async Task The_sign_in_form_does_not_carry_a_crafted_return_address(string returnTo)
    {
        using var portal = new PortalHttp(fixture.Server.WebAddress);

        var (_, page) = await portal.GetAsync("/dang-nhap?tiep=" + Uri.EscapeDataString(returnTo));

        Assert.Contains("""<input type="hidden" name="tiep" value="/dia-diem">""", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dia-diem/v-abc/cua")]
    [InlineData("/dia-diem/v-abc?tu=2021-08-01&den=2021-08-02")]
    [InlineData("/ma-ca-nhan")]
    public async Task A_page_of_the_portal_is_returned_to(string returnTo)
    {
        using var portal = new PortalHttp(fixture.Server.WebAddress);

        var signedIn = await portal.SignInAsync(fixture.Server, Citizens.NewPhone(), returnTo);

        Assert.Equal(returnTo, signedIn.Headers.Location?.OriginalString);
    }
}
