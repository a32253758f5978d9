using Microsoft.Playwright;

namespace Tracing.Server.Tests.Web;

/// <summary>
/// One headless Debian chromium for the browser tests of a class (`.ci/run` installs the <c>chromium</c> package),
/// with a fresh context (cookies, storage) per test and a phone-sized viewport where asked.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>
    /// A new page in a context of its own; <paramref name="phone"/> gives it a phone's screen, <paramref name="javaScript"/>
    /// false a browser with scripts turned off.
    /// </summary>
    public async Task<IPage> NewPageAsync(string baseUrl, bool phone = false, bool javaScript = true)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            Locale = "vi-VN",
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
            JavaScriptEnabled = javaScript,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
