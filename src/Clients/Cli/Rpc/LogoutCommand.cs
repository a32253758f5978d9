using System.CommandLine;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary>
/// <c>tracing logout</c>: forgets the saved token; with <c>--everywhere</c> first ends every session of the person on
/// the server (<c>AuthService.SignOutEverywhere</c>) — a lost phone, a shared computer — so their tokens stop working.
/// </summary>
internal static class LogoutCommand
{
    public static Command Create()
    {
        var everywhere = new Option<bool>("--everywhere") { Description = "Sign out on every device and browser too (đăng xuất khỏi mọi thiết bị): every token issued to you so far stops working." };
        var command = new Command("logout", $"Sign out: forget the token saved in {SavedLogin.PathOf}; with --everywhere, end every session of yours on the server first.") { everywhere };
        command.SetAction((parse, cancellationToken) => Connection.RunAsync(parse, async (client, printer) =>
        {
            if (parse.GetValue(everywhere))
                await client.Auth.SignOutEverywhereAsync(new SignOutEverywhereRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
            SavedLogin.Forget();
            printer.Say(
                parse.GetValue(everywhere) ? "đã đăng xuất khỏi mọi thiết bị; đăng nhập lại bằng `tracing login`" : $"đã đăng xuất; đã xoá {SavedLogin.PathOf}",
                parse.GetValue(everywhere) ? "signed out on every device; sign in again with `tracing login`" : $"signed out; {SavedLogin.PathOf} removed");
        }));
        return command;
    }
}
