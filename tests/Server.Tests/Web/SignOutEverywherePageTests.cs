using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>"Đăng xuất khỏi mọi thiết bị" in the portal, in a real browser: a lost phone's session ends from a computer.</summary>
public sealed class SignOutEverywherePageTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    // The server's own clock: the app and the browser sign in with the same phone, a minute apart (one code a minute).
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private ServerProcess? _server;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(builder => builder.Services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    [Fact]
    public async Task Signing_out_everywhere_in_the_portal_ends_the_apps_session_too()
    {
        var server = _server!;
        var phone = Citizens.NewPhone();
        // The phone that gets lost: the app signed in with the same number.
        var (app, _) = await Citizens.SignedInAsync(server, phone);
        await app.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest());
        _clock.Now += TimeSpan.FromSeconds(61);

        var page = await browser.NewPageAsync(server.WebAddress, phone: true);
        await Portal.SignInAsync(page, server, phone, "/ma-ca-nhan");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mã QR cá nhân của tôi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất khỏi mọi thiết bị" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đã đăng xuất khỏi mọi thiết bị");
        await Refusals.AssertAsync(StatusCode.Unauthenticated, () => app.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest()).ResponseAsync, "sign in again");
        // The browser is signed out as well: the personal page asks for sign-in.
        await page.GotoAsync("/ma-ca-nhan");
        await Assertions.Expect(page.GetByLabel("Số điện thoại")).ToBeVisibleAsync();
    }
}
