using BenchmarkDotNet.Running;
using Tracing.Bench.Engine;

// `engine` is the end-to-end load run (and `engine-recover` its crash child), `e2e` the run over gRPC against PostgreSQL
// (and `e2e-senders` the process its phones and door scanners send from, h2load's bench senders too),
// `crash` the kill -9 run, `cluster` the Orleans cluster run, `h2load`
// contact ingest from an independent HTTP/2 client (bench/h2load.sh); everything else goes to BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "engine" => await EngineRun.RunAsync(args[1..]),
    "engine-recover" => await EngineRun.RecoverChildAsync(args[1..]),
    "e2e" => await Tracing.Bench.E2e.E2eRun.RunAsync(args[1..]),
    "e2e-senders" => await Tracing.Bench.E2e.LoadSenders.ChildAsync(),
    "crash" => await Tracing.Bench.Crash.CrashBench.RunAsync(args[1..]),
    "cluster" => await Tracing.Bench.Cluster.ClusterBench.RunAsync(args[1..]),
    "h2load" => await Tracing.Bench.E2e.H2loadRun.RunAsync(args[1..]),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(EngineRun).Assembly).Run(args);
    return 0;
}
