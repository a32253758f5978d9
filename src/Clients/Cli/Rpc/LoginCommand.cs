using System.CommandLine;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary><c>tracing login</c>: sign in by phone and one-time code; the token is saved for later commands.</summary>
internal static class LoginCommand
{
    public static Command Create()
    {
        var phone = new Option<string>("--phone") { Description = "Your mobile number.", Required = true };
        var code = new Option<string>("--code") { Description = "The 6-digit code, if you already have one (otherwise you are asked for it)." };
        var outbox = new Option<FileInfo?>("--outbox") { Description = "Development: read the code from the server's SMS outbox (<data-dir>/outbox/sms.jsonl)." };
        var command = new Command("login", $"Sign in by phone: a code is sent by SMS; the token is saved to {SavedLogin.PathOf} (owner-only).") { phone, code, outbox };
        // Signing in needs no credential: a saved token (from another server, or signed out) would get RequestOtp refused.
        command.SetAction((parse, cancellationToken) => Connection.RunAnonymousAsync(parse, async (client, printer) =>
        {
            var number = parse.GetValue(phone)!;
            VerifyOtpResponse signedIn;
            if (parse.GetValue(outbox) is { } file)
            {
                signedIn = await client.SignInWithOtpAsync(number, new SmsOutbox(file.FullName), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var typed = parse.GetValue(code);
                if (typed is null)
                {
                    await client.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = number }, cancellationToken: cancellationToken).ConfigureAwait(false);
                    parse.InvocationConfiguration.Output.Write(printer.English ? "code sent by SMS; type it: " : "mã OTP đã gửi qua SMS; nhập mã: ");
                    typed = Console.ReadLine()?.Trim() ?? throw new UsageException("bạn chưa nhập mã.", "no code typed.");
                }
                signedIn = await client.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = number, Code = typed }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            SavedLogin.Save(signedIn.AccessToken);
            printer.Say($"đã đăng nhập: {signedIn.UserId}; mã truy cập lưu tại {SavedLogin.PathOf}", $"signed in as {signedIn.UserId}; token saved to {SavedLogin.PathOf}");
            printer.Print(new VerifyOtpResponse { UserId = signedIn.UserId, ExpiresAt = signedIn.ExpiresAt });
            return 0;
        }));
        return command;
    }
}
