using System.CommandLine;
using System.Text;
using Grpc.Core;
using Tracing.Cli.Demo;

namespace Tracing.Cli;

/// <summary><c>tracing demo</c>: a small scripted city against a running server.</summary>
internal static class DemoCommand
{
    /// <summary>The command with its options: <c>--server</c>, <c>--health-key</c>, <c>--partner-key</c>, <c>--outbox</c>.</summary>
    public static Command Create()
    {
        var server = new Option<string>("--server")
        {
            Description = "The server's gRPC address (HTTP/2 without TLS).",
            DefaultValueFactory = _ => CityScriptOptions.DefaultServer,
        };
        var healthKey = new Option<string>("--health-key")
        {
            Description = "API key of the health department of province 79.",
            DefaultValueFactory = _ => CityScriptOptions.DefaultHealthKey,
        };
        var partnerKey = new Option<string>("--partner-key")
        {
            Description = "API key of a partner system of province 79.",
            DefaultValueFactory = _ => CityScriptOptions.DefaultPartnerKey,
        };
        var outbox = new Option<string>("--outbox")
        {
            Description = "The server's development SMS outbox, <data-dir>/outbox/sms.jsonl, where the OTP is read.",
            DefaultValueFactory = _ => CityScriptOptions.DefaultOutboxPath,
        };

        var command = new Command(
            "demo",
            "Run a small scripted city against a running server: check-ins, Bluetooth contacts and a case, then print who was alerted and why.");
        command.Options.Add(server);
        command.Options.Add(healthKey);
        command.Options.Add(partnerKey);
        command.Options.Add(outbox);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new CityScriptOptions(
                parseResult.GetValue(server) ?? CityScriptOptions.DefaultServer,
                parseResult.GetValue(healthKey) ?? CityScriptOptions.DefaultHealthKey,
                parseResult.GetValue(partnerKey) ?? CityScriptOptions.DefaultPartnerKey,
                parseResult.GetValue(outbox) ?? CityScriptOptions.DefaultOutboxPath);
            Console.OutputEncoding = Encoding.UTF8;
            return await RunAsync(options, Console.Out, Console.Error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs the script, narrating to <paramref name="output"/>; returns 0 when the alerts match, 1 otherwise or on error.</summary>
    internal static async Task<int> RunAsync(CityScriptOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(options.Server, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error.WriteLine($"error: --server '{options.Server}' is not an address; give one such as {CityScriptOptions.DefaultServer}.");
            return 1;
        }

        try
        {
            CityScriptResult result = await new CityScript(options, output).RunAsync(cancellationToken).ConfigureAwait(false);
            return result.Matches ? 0 : 1;
        }
        catch (CityScriptException e)
        {
            output.Flush();
            error.WriteLine(DemoFailure.Describe(e, options));
            return 1;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && (e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled }))
        {
            output.Flush();
            error.WriteLine("cancelled.");
            return 1;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            // Bad option values (an empty key, an outbox that is a folder) are one line, not a stack trace.
            output.Flush();
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
