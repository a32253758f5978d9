using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>"Mã QR cá nhân": the signed-in person's own code, for staff to scan at a door, and signing out everywhere.</summary>
internal static class PersonalQrPage
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/ma-ca-nhan", ShowAsync);
        app.MapGet("/ma-ca-nhan.png", DownloadAsync);
        app.MapPost("/dang-xuat-moi-thiet-bi", SignOutEverywhereAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst("/ma-ca-nhan");
        try
        {
            var code = await backend.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest { Format = QrFormat.Svg }, PortalBackend.As(token, context.RequestAborted));
            var svg = Convert.ToBase64String(code.Data.ToByteArray());
            var phone = PortalSession.PhoneOf(context);
            var name = code.FullName.Length > 0
                ? $"<p class=\"who\"><strong>{Html.Encode(code.FullName)}</strong>{(phone is null ? "" : "<br>" + Html.Encode(phone))}</p>"
                : $"<p class=\"who\">{(phone is null ? "" : "<strong>" + Html.Encode(phone) + "</strong><br>")}Bạn chưa khai báo họ tên: khai báo y tế một lần (quét mã QR của một địa điểm) để họ tên hiện dưới mã.</p>";
            return Html.Page("Mã QR cá nhân của tôi", $"""
                <h1>Mã QR cá nhân của tôi</h1>
                <div class="panel personal">
                <img id="ma-ca-nhan" class="qr" alt="Mã QR cá nhân" width="280" height="280" src="data:image/svg+xml;base64,{svg}">
                {name}
                <p><a class="button" href="/ma-ca-nhan.png" download>Tải xuống Mã QR cá nhân của tôi ↓</a></p>
                <p>Xuất trình mã này cho nhân viên tại cửa quét khi vào và khi ra. Mã dùng được đến {Html.Time(code.ExpiresAt.ToDateTimeOffset())}; sau đó mở lại trang này để lấy mã mới.</p>
                </div>
                {PersonalStyle}
                <h2>Mất điện thoại, dùng máy tính chung?</h2>
                <form method="post" action="/dang-xuat-moi-thiet-bi">
                <p>Kết thúc mọi phiên đăng nhập của bạn, trên mọi thiết bị và ứng dụng.</p>
                <button type="submit">Đăng xuất khỏi mọi thiết bị</button>
                </form>
                """, signedIn: true);
        }
        catch (RpcException failed)
        {
            return Html.Page("Mã QR cá nhân", Html.Failure(failed), signedIn: true);
        }
    }

    private const string PersonalStyle = "<style>.personal{text-align:center}.personal .qr{margin:0 auto}</style>";

    /// <summary>The personal code as a PNG to print or keep, with the person's name (and phone) under it.</summary>
    private static async Task<IResult> DownloadAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst("/ma-ca-nhan");
        try
        {
            var code = await backend.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest { Format = QrFormat.Png }, PortalBackend.As(token, context.RequestAborted));
            var phone = PortalSession.PhoneOf(context) ?? "";
            var png = Qr.PersonalQrCard.Png(code.Payload, code.FullName, phone, "Dùng được đến " + Html.Clock(code.ExpiresAt.ToDateTimeOffset()) + " (GMT+7)");
            return Results.File(png, "image/png", phone.Length > 0 ? $"ma-qr-ca-nhan-{phone}.png" : "ma-qr-ca-nhan.png");
        }
        catch (RpcException failed)
        {
            return Html.Page("Mã QR cá nhân của tôi", Html.Failure(failed), signedIn: true);
        }
    }

    /// <summary>
    /// "Đăng xuất khỏi mọi thiết bị": ends every session of the person (a lost phone, a shared computer), this one too.
    /// </summary>
    private static async Task<IResult> SignOutEverywhereAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst("/ma-ca-nhan");
        try
        {
            await backend.Auth.SignOutEverywhereAsync(new SignOutEverywhereRequest(), PortalBackend.As(token, context.RequestAborted));
        }
        catch (RpcException failed) when (failed.StatusCode != StatusCode.Unauthenticated)
        {
            return Html.Page("Mã QR cá nhân", Html.Failure(failed), signedIn: true);
        }
        PortalSession.SignOut(context);
        return Html.Page("Đã đăng xuất", """
            <h1>Đã đăng xuất khỏi mọi thiết bị</h1>
            <p>Mọi phiên đăng nhập của bạn — trên điện thoại, máy tính và ứng dụng — đã hết hiệu lực. Đăng nhập lại bằng số điện thoại để tiếp tục.</p>
            <p><a href="/dang-nhap">Đăng nhập</a></p>
            """, signedIn: false);
    }
}
