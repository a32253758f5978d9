using Tracing.Cli;

Console.OutputEncoding = System.Text.Encoding.UTF8;
return await TracingCommandLine.InvokeAsync(args);
