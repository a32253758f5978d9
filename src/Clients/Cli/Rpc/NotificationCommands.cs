using System.CommandLine;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary><c>tracing notifications ...</c>: partners and health departments read the exposure feed.</summary>
internal static class NotificationCommands
{
    public static Command Create()
    {
        var after = new Option<string>("--after") { Description = "Start after this token (the last one you saw); default: from the beginning." };
        var province = new Option<string>("--province") { Description = "A province's feed (health departments may choose; partners read their own)." };
        var max = new Option<int>("--max") { Description = "At most this many (default 100).", DefaultValueFactory = _ => 100 };

        var fetch = new Command("fetch", "Fetch notifications after a token, then print the token to continue from.") { after, province, max };
        fetch.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var page = await client.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest
            {
                AfterToken = parse.GetValue(after) ?? "",
                ProvinceCode = parse.GetValue(province) ?? "",
                MaxResults = parse.GetValue(max),
            }).ConfigureAwait(false);
            if (printer.Json)
            {
                printer.Print(page);
                return;
            }
            foreach (var notification in page.Notifications)
                printer.Print(notification);
            printer.Say($"{page.Notifications.Count} thông báo; đọc tiếp với --after {page.NextToken}", $"{page.Notifications.Count} notification(s); continue with --after {page.NextToken}");
        }));

        var watch = new Command("watch", "Print notifications as they are published, until interrupted (Ctrl+C).") { after, province };
        watch.SetAction((parse, cancellationToken) => Connection.RunAsync(parse, async (client, printer) =>
        {
            using var call = client.Exposures.WatchNotifications(
                new WatchNotificationsRequest { AfterToken = parse.GetValue(after) ?? "", ProvinceCode = parse.GetValue(province) ?? "" },
                cancellationToken: cancellationToken);
            try
            {
                await foreach (var item in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                    printer.Print(item.Notification);
            }
            catch (RpcException cancelled) when (cancelled.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
            }
        }));

        var notifications = new Command("notifications", "The exposure-notification feed (national or a province's).");
        notifications.Subcommands.Add(fetch);
        notifications.Subcommands.Add(watch);
        return notifications;
    }
}
