namespace Tracing.Bench;

/// <summary>The <c>--server-setting --Tracing:…=…</c> arguments of a run: more settings for the server it starts, for experiments.</summary>
internal static class ServerSettingArguments
{
    public static List<string> Of(string[] args)
        => args.Select((argument, i) => (argument, i)).Where(p => p.argument == "--server-setting" && p.i + 1 < args.Length).Select(p => args[p.i + 1]).ToList();
}
