using Tracing.Server;

try
{
    return await TracingServer.RunAsync(args);
}
catch (StartRefusedException refused)
{
    // Said plainly, without a stack trace, with the exit code of a configuration error (EX_CONFIG) rather than a crash.
    await Console.Error.WriteLineAsync("The server did not start: " + refused.Message);
    return 78;
}
