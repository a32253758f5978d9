using System.CommandLine;
using Tracing.Cli;

var root = new RootCommand("tracing — the command-line client of the Tracing back end.");
root.Subcommands.Add(KeysCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
return await root.Parse(args).InvokeAsync();
