namespace Tracing.Server.Web;

/// <summary>The pages served on the <c>Web</c> endpoint.</summary>
internal static class WebPages
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Content(IndexPage, "text/html; charset=utf-8"));
        CheckInPage.Map(app);
        SignInPages.Map(app);
        VenueListPage.Map(app);
        VenuePage.Map(app);
        VenueManagersSection.Map(app);
        VenueAccessPages.Map(app);
        DoorPage.Map(app);
        PersonalQrPage.Map(app);
        SafetyMapPage.Map(app);
        CoveragePage.Map(app);
        RegionPicker.Map(app);
        BrowserLibraries.Map(app);
    }

    private const string IndexPage = """
        <!doctype html>
        <html lang="vi">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tracing — Truy vết COVID-19</title></head>
        <body style="font-family: Arial, sans-serif; max-width: 40rem; margin: 2rem auto; line-height: 1.5">
        <h1>Tracing — Hệ thống truy vết COVID-19</h1>
        <p>Quét mã QR địa điểm, khai báo y tế, ghi nhận tiếp xúc Bluetooth và cảnh báo phơi nhiễm.</p>
        <p><a href="/dang-nhap">Đăng nhập</a> để đăng ký địa điểm, in mã QR và xem lịch sử quét.</p>
        <p><a href="/ban-do-an-toan">Bản đồ an toàn</a>: các cơ sở tự đánh giá an toàn COVID-19 hằng ngày.</p>
        <p>National back end for QR check-in, health declarations, Bluetooth contact tracing and exposure alerts.
        Applications call it over gRPC (package <code>tracing.v1</code>; server reflection is on).</p>
        </body>
        </html>
        """;
}
