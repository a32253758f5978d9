using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>Sign-in by phone and one-time code (sent by SMS), and sign-out.</summary>
internal static class SignInPages
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/dang-nhap", (HttpContext context, string? tiep) => PhoneForm(PortalSession.SafeReturn(tiep), "", null));
        app.MapPost("/dang-nhap", RequestCodeAsync);
        app.MapPost("/dang-nhap/xac-nhan", VerifyCodeAsync);
        app.MapPost("/dang-xuat", (HttpContext context) =>
        {
            PortalSession.SignOut(context);
            return Results.Redirect("/");
        });
    }

    private static async Task<IResult> RequestCodeAsync(HttpContext context, PortalBackend backend)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var phone = form["phone"].ToString();
        var returnTo = PortalSession.SafeReturn(form["tiep"]);
        try
        {
            var sent = await backend.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone }, PortalBackend.ForVisitor(context));
            var notice = Html.Notice("ok", $"Đã gửi mã 6 chữ số tới {phone}. Mã hết hạn lúc {Html.Time(sent.ExpiresAt.ToDateTimeOffset())}.");
            return CodeForm(phone, returnTo, notice);
        }
        catch (RpcException failed)
        {
            return PhoneForm(returnTo, phone, Html.Failure(failed));
        }
    }

    private static async Task<IResult> VerifyCodeAsync(HttpContext context, PortalBackend backend)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var phone = form["phone"].ToString();
        var returnTo = PortalSession.SafeReturn(form["tiep"]);
        try
        {
            var verified = await backend.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = form["code"].ToString().Trim() }, cancellationToken: context.RequestAborted);
            PortalSession.SignIn(context, verified.AccessToken, verified.ExpiresAt.ToDateTimeOffset(), phone);
            return Results.Redirect(returnTo);
        }
        catch (RpcException failed)
        {
            return CodeForm(phone, returnTo, Html.Failure(failed));
        }
    }

    private static IResult PhoneForm(string returnTo, string phone, string? notice) => Html.Page("Đăng nhập", $"""
        <h1>Đăng nhập</h1>
        {notice}
        <p>Nhập số điện thoại di động; chúng tôi gửi một mã 6 chữ số qua tin nhắn.</p>
        <form method="post" action="/dang-nhap">
          <input type="hidden" name="tiep" value="{Html.Encode(returnTo)}">
          <label for="phone">Số điện thoại</label>
          <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required value="{Html.Encode(phone)}" placeholder="0912 345 678">
          <button type="submit">Gửi mã</button>
        </form>
        """, signedIn: false);

    private static IResult CodeForm(string phone, string returnTo, string notice) => Html.Page("Nhập mã", $"""
        <h1>Nhập mã xác nhận</h1>
        {notice}
        <form method="post" action="/dang-nhap/xac-nhan">
          <input type="hidden" name="tiep" value="{Html.Encode(returnTo)}">
          <input type="hidden" name="phone" value="{Html.Encode(phone)}">
          <label for="code">Mã xác nhận (6 chữ số)</label>
          <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{"{6}"}" required>
          <button type="submit">Đăng nhập</button>
        </form>
        <form method="post" action="/dang-nhap">
          <input type="hidden" name="tiep" value="{Html.Encode(returnTo)}">
          <input type="hidden" name="phone" value="{Html.Encode(phone)}">
          <button type="submit" class="link" style="color:#0b5fa5">Gửi lại mã</button>
        </form>
        """, signedIn: false);
}
