using System.CommandLine;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary>
/// <c>tracing venue request-access | add --code | managers list|add|remove</c>: nobody becomes a venue's manager by
/// knowing its code; a manager adds co-managers by phone, or the registrant approves a request with a code sent by SMS.
/// </summary>
internal static partial class VenueCommands
{
    private static Command RequestAccess()
    {
        var id = VenueArgument();
        var command = new Command("request-access", "Ask a venue's registrant for access: they get a code by SMS; enter it with `venue add VENUE --code CODE`.") { id };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var sent = await client.Venues.RequestVenueAccessAsync(new RequestVenueAccessRequest { VenueId = parse.GetValue(id)! }).ConfigureAwait(false);
            printer.Say(
                $"Mã phê duyệt đã gửi tới số điện thoại của người đăng ký {sent.RegistrantPhone}; khi họ đưa mã cho bạn, chạy: tracing venue add {VenueCodes.Shown(parse.GetValue(id)!)} --code MÃ",
                $"A code went to the registrant's phone {sent.RegistrantPhone}; when they give it to you, run: tracing venue add {VenueCodes.Shown(parse.GetValue(id)!)} --code CODE");
            printer.Print(sent);
        }, OptionNames.VenueArgument));
        return command;
    }

    private static Command Add()
    {
        var id = VenueArgument();
        var code = Required("--code", "The approval code the venue's registrant received by SMS after `venue request-access`.");
        var command = new Command("add", "Add a venue someone else registered to the venues you manage, with its registrant's approval code.") { id, code };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
            printer.Print((await client.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = parse.GetValue(id)!, ApprovalCode = parse.GetValue(code)! }).ConfigureAwait(false)).Venue), OptionNames.VenueArgument));
        return command;
    }

    private static Command Managers()
    {
        var managers = new Command("managers", "A venue's managers (for its managers): list them, add a co-manager by phone, remove a co-manager.");
        var id = VenueArgument();
        var list = new Command("list", "List the venue's managers (phones masked but yours).") { id };
        list.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var response = await client.Venues.ListVenueManagersAsync(new ListVenueManagersRequest { VenueId = parse.GetValue(id)! }).ConfigureAwait(false);
            printer.Say($"{response.Managers.Count} người quản lý", $"{response.Managers.Count} manager(s)");
            foreach (var manager in response.Managers)
                printer.Print(manager);
        }, OptionNames.VenueArgument));
        managers.Subcommands.Add(list);

        var addId = VenueArgument();
        var phone = new Argument<string>("phone") { Description = "The co-manager's mobile number; they manage the venue once they sign in with it." };
        var add = new Command("add", "Add a co-manager by phone.") { addId, phone };
        add.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
            printer.Print((await client.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = parse.GetValue(addId)!, Phone = parse.GetValue(phone)! }).ConfigureAwait(false)).Manager), OptionNames.VenueArgument));
        managers.Subcommands.Add(add);

        var removeId = VenueArgument();
        var who = new Argument<string>("manager") { Description = "The co-manager's phone, or their user id (u-…) from `venue managers list`." };
        var remove = new Command("remove", "Remove a co-manager (never the registrant).") { removeId, who };
        remove.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var manager = parse.GetValue(who)!.Trim();
            var request = new RemoveVenueManagerRequest { VenueId = parse.GetValue(removeId)! };
            if (manager.StartsWith("u-", StringComparison.Ordinal))
                request.UserId = manager;
            else
                request.Phone = manager;
            await client.Venues.RemoveVenueManagerAsync(request).ConfigureAwait(false);
            printer.Say("Đã xoá.", "Removed.");
        }, OptionNames.VenueArgument));
        managers.Subcommands.Add(remove);
        return managers;
    }
}
