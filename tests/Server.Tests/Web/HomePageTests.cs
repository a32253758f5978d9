using Microsoft.Playwright;

namespace Tracing.Server.Tests.Web;

/// <summary>The portal's front page, in a real browser.</summary>
public sealed class HomePageTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    [Fact]
    public async Task The_front_page_is_in_Vietnamese_and_leads_to_sign_in()
    {
        var page = await browser.NewPageAsync(fixture.Server.WebAddress);
        await page.GotoAsync("/");

        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("truy vết");
    }
}
