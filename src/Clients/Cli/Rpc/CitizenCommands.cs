using System.CommandLine;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary>
/// A phone's own calls: <c>tracing device</c> (an anonymous device, no SMS), <c>tracing exposures</c> (my exposure
/// notifications) and <c>tracing declare status</c> (whether my declaration is valid).
/// </summary>
internal static class CitizenCommands
{
    public static Command Device()
    {
        var platform = new Option<string>("--platform") { Description = "What the device is, e.g. \"android 12\".", DefaultValueFactory = _ => "tracing cli" };
        var command = new Command("device", $"Register this machine as an anonymous phone (no SMS code); its token is saved to {SavedLogin.PathOf} like login's.") { platform };
        // Like login, it needs no credential and sends none (a saved token would only get it refused).
        command.SetAction((parse, _) => Connection.RunAnonymousAsync(parse, async (client, printer) =>
        {
            var device = await client.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = parse.GetValue(platform)! }).ConfigureAwait(false);
            SavedLogin.Save(device.AccessToken);
            if (printer.Json)
                printer.Print(device);
            else
                printer.Say($"đã đăng ký thiết bị {device.UserId}; mã truy cập lưu tại {SavedLogin.PathOf}", $"registered device {device.UserId}; token saved to {SavedLogin.PathOf}");
            return 0;
        }));
        return command;
    }

    public static Command Exposures()
    {
        var command = new Command("exposures", "My exposure notifications: where and when I was near a case (the case is never named).");
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var mine = await client.Exposures.GetMyExposuresAsync(new GetMyExposuresRequest()).ConfigureAwait(false);
            foreach (var notification in mine.Notifications)
                printer.Print(notification);
            printer.Say($"{mine.Notifications.Count} cảnh báo tiếp xúc", $"{mine.Notifications.Count} exposure(s)");
        }));
        return command;
    }

    public static Command DeclarationStatus()
    {
        var command = new Command("status", "Whether my latest health declaration is still valid, and until when.");
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
            printer.Print(await client.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest()).ConfigureAwait(false))));
        return command;
    }
}
