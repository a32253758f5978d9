using System.CommandLine;
using Tracing.Cli.Rpc;
using Tracing.Cli.Simulation;

namespace Tracing.Cli;

/// <summary>The <c>tracing</c> command line: every command and the options they share.</summary>
internal static class TracingCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("tracing — chương trình dòng lệnh của hệ thống truy vết (the command-line client of the Tracing back end). Server commands take --server, --token or --api-key (or a saved `tracing login`), --json for scripts and --lang en for English messages.");
        Connection.AddTo(root);
        root.Subcommands.Add(LoginCommand.Create());
        root.Subcommands.Add(LogoutCommand.Create());
        root.Subcommands.Add(VenueCommands.Create());
        root.Subcommands.Add(QrCommands.Create());
        foreach (var command in CheckInCommands.Create())
            root.Subcommands.Add(command);
        root.Subcommands.Add(DeclareCommand.Create());
        root.Subcommands.Add(ContactsCommand.Create());
        root.Subcommands.Add(CaseCommands.Create());
        root.Subcommands.Add(NotificationCommands.Create());
        root.Subcommands.Add(SafetyCommands.Create());
        root.Subcommands.Add(CoverageCommand.Create());
        root.Subcommands.Add(ScansCommand.Create());
        root.Subcommands.Add(CitizenCommands.Device());
        root.Subcommands.Add(CitizenCommands.Exposures());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(AdminCommands.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; a command line that does not parse is answered in the caller's language.</summary>
    public static Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null)
    {
        configuration ??= new InvocationConfiguration();
        var parse = Create().Parse(args);
        return parse.Errors.Count > 0 ? Task.FromResult(ParseErrors.Write(parse, configuration.Error)) : parse.InvokeAsync(configuration);
    }
}
