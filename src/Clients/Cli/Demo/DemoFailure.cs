using Grpc.Core;

namespace Tracing.Cli.Demo;

/// <summary>Turns a failed step of the demo into one line a person can act on: what failed, why, and what to check.</summary>
internal static class DemoFailure
{
    /// <summary>"error while &lt;step&gt;: &lt;status&gt;: &lt;message&gt; — &lt;what to check&gt;".</summary>
    public static string Describe(CityScriptException failure, CityScriptOptions options)
    {
        string hint = failure.InnerException switch
        {
            RpcException rpc => Hint(rpc.StatusCode, failure.Step, options),
            TimeoutException => "run the demo from the directory the server was started in, or pass --outbox <the server's data dir>/outbox/sms.jsonl",
            _ => "check the server's log",
        };
        return $"error while {failure.Step.Doing}: {failure.Message} — {hint}";
    }

    private static string Hint(StatusCode status, CityStep step, CityScriptOptions options) => status switch
    {
        StatusCode.Unavailable =>
            $"is the server running at {options.Server}? start it with `dotnet run --project src/Server`",
        StatusCode.Unimplemented =>
            $"the server at {options.Server} does not implement this method (yet); is it the Tracing server?",
        StatusCode.Unauthenticated or StatusCode.PermissionDenied when step.CredentialHint.Length > 0 =>
            step.CredentialHint,
        StatusCode.DeadlineExceeded =>
            "the server did not answer in time; check its log",
        StatusCode.ResourceExhausted =>
            "the server is rate-limiting; wait a minute and run the demo again",
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.NotFound or StatusCode.AlreadyExists =>
            "the server disagrees with the demo about the contract; check the server's log and protos/tracing/v1",
        _ => "check the server's log",
    };
}
