using System.CommandLine;
using Grpc.Core;
using Tracing.Clients;

namespace Tracing.Cli.Rpc;

/// <summary>
/// What every server command shares: where the server is, who calls (a saved sign-in, a token or an API key), and
/// how answers print. A refusal is printed on standard error in the caller's language (<c>--lang</c>), naming the
/// options typed, with exit code 1 (2 for input refused locally).
/// </summary>
internal static class Connection
{
    public static readonly Option<string> Server = new("--server")
    {
        Description = "The server's gRPC address (env TRACING_SERVER).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TRACING_SERVER") is { Length: > 0 } s ? s : "http://localhost:5000",
        Recursive = true,
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "A person's access token (env TRACING_TOKEN; default: the one `tracing login` saved).",
        Recursive = true,
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "A health department's, partner's or operator's API key (env TRACING_API_KEY).",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print answers as JSON, one message per line, for scripts.",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Server);
        root.Options.Add(Token);
        root.Options.Add(ApiKey);
        root.Options.Add(Json);
        root.Options.Add(Language.Option);
    }

    /// <summary>
    /// Runs a server command with a client for the caller; maps failures to a message and an exit code. A refusal of
    /// an invalid field names the option <paramref name="options"/> maps it to (default: <see cref="OptionNames.Others"/>).
    /// </summary>
    public static Task<int> RunAsync(ParseResult parse, Func<TracingClient, Printer, Task> action, IReadOnlyDictionary<string, string>? options = null)
        => RunAsync(parse, () => ClientFor(parse), async (client, printer) =>
        {
            await action(client, printer).ConfigureAwait(false);
            return 0;
        }, options);

    /// <summary>
    /// Runs a command that needs no credential (signing in, registering a device, the health check) with an anonymous
    /// client: a saved token, perhaps from another server or signed out, would only get the call refused.
    /// <paramref name="action"/> returns the exit code.
    /// </summary>
    public static Task<int> RunAnonymousAsync(ParseResult parse, Func<TracingClient, Printer, Task<int>> action)
        => RunAsync(parse, () => TracingClient.Anonymous(ServerOf(parse)), action, options: null);

    private static async Task<int> RunAsync(ParseResult parse, Func<TracingClient> clientFor, Func<TracingClient, Printer, Task<int>> action, IReadOnlyDictionary<string, string>? options)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            using var client = clientFor();
            return await action(client, new Printer(output, parse.GetValue(Json), Language.English(parse))).ConfigureAwait(false);
        }
        catch (RpcException failed)
        {
            foreach (var line in RefusalText.Lines(failed, Language.English(parse), options ?? OptionNames.Others))
                error.WriteLine(line);
            return 1;
        }
        catch (UsageException refused)
        {
            error.WriteLine((Language.English(parse) ? "error: " : "lỗi: ") + refused.In(Language.English(parse)));
            return 2;
        }
    }

    /// <summary>The <c>--server</c> address, checked: a typo is refused before any call.</summary>
    private static string ServerOf(ParseResult parse)
    {
        var server = parse.GetValue(Server) ?? "http://localhost:5000";
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"--server '{server}' không phải địa chỉ máy chủ; hãy ghi dạng http://localhost:5000.", $"--server '{server}' is not an address; give one such as http://localhost:5000.");
        return server;
    }

    private static TracingClient ClientFor(ParseResult parse)
    {
        var server = ServerOf(parse);
        if ((parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("TRACING_API_KEY")) is { Length: > 0 } key)
            return TracingClient.ForApiKey(server, key);
        if ((parse.GetValue(Token) ?? Environment.GetEnvironmentVariable("TRACING_TOKEN") ?? SavedLogin.Read()) is { Length: > 0 } token)
            return TracingClient.ForCitizen(server, token);
        return TracingClient.Anonymous(server);
    }
}
