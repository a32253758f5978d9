using Microsoft.Playwright;
using Tracing.Clients;

namespace Tracing.Server.Tests.Web;

/// <summary>What a venue manager does in the portal, as steps of a browser test.</summary>
internal static class Portal
{
    /// <summary>Signs in by phone and the code from the development SMS outbox, as a person would.</summary>
    public static async Task SignInAsync(IPage page, ServerProcess server, string phone, string path = "/dia-diem")
    {
        var outbox = new SmsOutbox(server.OutboxPath);
        var position = outbox.GetPosition();
        await page.GotoAsync(path);
        await page.GetByLabel("Số điện thoại").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi mã" }).ClickAsync();
        var code = await outbox.WaitForCodeAsync(phone, position, TimeSpan.FromSeconds(10));
        await page.GetByLabel("Mã xác nhận").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        // Signed in once the portal has taken the browser on to the page asked for and its document is parsed: a test
        // that went on sooner raced that navigation (a reload then failed with "Not attached to an active page"). Not
        // until "load": that waits for every image and map tile, which a machine without internet may hold for long.
        await page.WaitForURLAsync(
            url => !new Uri(url).AbsolutePath.StartsWith("/dang-nhap", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.DOMContentLoaded });
    }

    /// <summary>
    /// Registers a venue in Quận 1, Hồ Chí Minh through "Đăng ký địa điểm" as a signed-in manager (two steps, the
    /// drop-downs), then opens the venue's page; returns its code as the page shows it.
    /// </summary>
    public static async Task<string> RegisterVenueAsync(IPage page, string name, string? parentName = null, string labels = "", string position = "")
    {
        await page.GotoAsync("/dang-ky-dia-diem");
        await FillInformationAsync(page, name, parentName, labels, position);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký địa điểm" }).ClickAsync();
        await Assertions.Expect(page.Locator(".steps [aria-current=step]")).ToContainTextAsync("Hoàn thành");
        await page.GetByRole(AriaRole.Link, new() { Name = "Xem trang địa điểm" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        return await page.Locator("code.venue").InnerTextAsync();
    }

    /// <summary>Fills step 1 of the registration (Phường Bến Nghé, Quận 1, Hồ Chí Minh) on the page already open.</summary>
    public static async Task FillInformationAsync(IPage page, string name, string? parentName = null, string labels = "", string position = "", string registrant = "Trần Thị Quản Lý")
    {
        await page.GetByLabel("Tên địa điểm").FillAsync(name);
        await page.GetByLabel("Loại hình").SelectOptionAsync(new SelectOptionValue { Label = "Nhà hàng, quán ăn, cà phê" });
        if (parentName is not null)
            await page.GetByLabel("Nằm trong địa điểm").SelectOptionAsync(new SelectOptionValue { Label = parentName });
        await page.GetByLabel("Tỉnh/TP của địa điểm").SelectOptionAsync("79");
        await page.GetByLabel("Quận/Huyện của địa điểm").SelectOptionAsync("760");
        await page.GetByLabel("Phường/Xã của địa điểm").SelectOptionAsync("26740");
        await page.GetByLabel("Số nhà, phố").FillAsync("59 Lê Lợi");
        var registrantField = page.GetByLabel("Họ và tên người đăng ký");
        if (await registrantField.InputValueAsync() == "")
            await registrantField.FillAsync(registrant);
        if (labels.Length + position.Length > 0)
        {
            if (!await page.GetByLabel("Nhãn").IsVisibleAsync())
                await page.GetByText("Thông tin thêm (không bắt buộc)").ClickAsync();
            await page.GetByLabel("Nhãn").FillAsync(labels);
            await page.GetByLabel("Vị trí trên bản đồ").FillAsync(position);
        }
    }

    /// <summary>The page's width fits its window: nothing scrolls sideways.</summary>
    public static async Task AssertNoHorizontalOverflowAsync(IPage page)
    {
        var (scroll, inner) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= inner, $"{page.Url}: {scroll} px wide in a {inner} px window");
    }

    /// <summary>A full-page screenshot into the folder named by <c>TRACING_SHOTS</c> (outside the repository) when it is set, for a person to look at.</summary>
    public static async Task ShootAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("TRACING_SHOTS");
        if (string.IsNullOrEmpty(folder))
            return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
