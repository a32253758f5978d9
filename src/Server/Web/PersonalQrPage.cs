using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>"Mã QR cá nhân": the signed-in person's own code, for staff to scan at a door.</summary>
internal static class PersonalQrPage
{
    public static void Map(WebApplication app) => app.MapGet("/ma-ca-nhan", ShowAsync);

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst("/ma-ca-nhan");
        try
        {
            var code = await backend.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest { Format = QrFormat.Svg }, PortalBackend.As(token, context.RequestAborted));
            var svg = Convert.ToBase64String(code.Data.ToByteArray());
            return Html.Page("Mã QR cá nhân", $"""
                <h1>Mã QR cá nhân</h1>
                <p>Đưa mã này cho nhân viên tại cửa quét khi vào và khi ra.</p>
                <img id="ma-ca-nhan" alt="Mã QR cá nhân" width="280" height="280" src="data:image/svg+xml;base64,{svg}">
                """, signedIn: true);
        }
        catch (RpcException failed)
        {
            return Html.Page("Mã QR cá nhân", Html.Failure(failed), signedIn: true);
        }
    }
}
