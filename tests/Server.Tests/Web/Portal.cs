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
    }

    /// <summary>Registers a venue in Hồ Chí Minh through the form; returns its code as the page shows it.</summary>
    public static async Task<string> RegisterVenueAsync(IPage page, string name, string? parentName = null, string labels = "", string position = "")
    {
        await page.GotoAsync("/dia-diem");
        await page.GetByLabel("Tên địa điểm").FillAsync(name);
        await page.GetByLabel("Loại hình").SelectOptionAsync(new SelectOptionValue { Label = "Nhà hàng, quán ăn, cà phê" });
        if (parentName is not null)
            await page.GetByLabel("Thuộc địa điểm").SelectOptionAsync(new SelectOptionValue { Label = parentName });
        await page.GetByLabel("Tỉnh / thành phố").SelectOptionAsync("79");
        await page.GetByLabel("Mã quận / huyện").FillAsync("760");
        await page.GetByLabel("Mã phường / xã").FillAsync("26734");
        await page.GetByLabel("Số nhà, đường").FillAsync("59 Lê Lợi");
        await page.GetByLabel("Họ tên người đăng ký").FillAsync("Trần Thị Quản Lý");
        await page.GetByLabel("Nhãn").FillAsync(labels);
        await page.GetByLabel("Toạ độ").FillAsync(position);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        return await page.Locator("code.venue").InnerTextAsync();
    }
}
