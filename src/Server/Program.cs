using Tracing.Server;

await TracingServer.RunAsync(args);
