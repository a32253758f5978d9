using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tracing.Bench.Engine;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Bench.E2e;

/// <summary>
/// Contact ingest measured by an independent client: <c>h2load</c> (nghttp2) replays one pre-encoded
/// <c>UploadContacts</c> body — ten batches of 1,000 observations as gRPC frames, with the device's token — against the
/// real server on loopback, and the bench's own senders (<see cref="EncodedCalls"/>, from a process of their own as h2load
/// is: <see cref="LoadSenders"/>) send the very same bytes over the same kind of connection, in alternating rounds on
/// one server. Both count only acknowledged (durable) observations:
/// h2load cannot read gRPC statuses, so its successes are counted from the answer bytes it received (a refusal answers
/// with trailers only, no message). Prints obs/s of each and their ratio; writes <c>bench/results/h2load.json</c>.
/// </summary>
internal static partial class H2loadRun
{
    private const int BatchesPerCall = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var calls = IntOption(args, "--calls", 200);
        var streams = IntOption(args, "--streams", 8);
        var rounds = IntOption(args, "--rounds", 3);
        var output = RunOptions.Value(args, "--out") ?? Path.Combine("bench", "results", "h2load.json");
        var work = Directory.CreateTempSubdirectory("tracing-h2load-").FullName;
        try
        {
            await using var server = await LoopbackServer.StartAsync();
            using var senders = new LoadSenders();
            var (body, messages, observationsPerCall) = Body();
            var bodyFile = Path.Combine(work, "upload-contacts.grpc");
            await File.WriteAllBytesAsync(bodyFile, body);
            using var anonymous = TracingClient.Anonymous(server.GrpcAddress);
            var token = (await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "bench-h2load" })).AccessToken;
            using var phone = TracingClient.ForCitizen(server.GrpcAddress, token);

            // One call first, untimed: the body is what the server accepts in full, and its answer's size is known.
            var answer = await EncodedCalls.UploadContactsAsync(phone, messages, CancellationToken.None);
            if (answer.Accepted != observationsPerCall)
                throw new InvalidOperationException($"The server accepted {answer.Accepted} of {observationsPerCall} observations: {string.Join("; ", answer.RejectionReasons)}");
            var answerBytes = 5 + EncodedCalls.Encode(answer).Length;
            EngineRun.Log($"h2load run: {calls} calls a round of {observationsPerCall:N0} observations each ({body.Length / 1024:N0} KB), {streams} at once, {rounds} rounds each way, alternated");

            var figures = new List<Dictionary<string, object>>();
            // Round 0 is not counted: it warms both paths up (tiered compilation reaches the hot ingest code's
            // optimised form only after some thousands of calls; the first round ran at a third of the later ones' rate).
            for (var round = 0; round <= rounds; round++)
            {
                await server.Engine.CheckpointDaysAsync();
                server.Engine.Contacts.CatchUp();
                figures.Add(await OwnSendersAsync(server, senders, token, messages, calls, streams, observationsPerCall, round));
                await server.Engine.CheckpointDaysAsync();
                server.Engine.Contacts.CatchUp();
                figures.Add(await H2loadAsync(server, token, bodyFile, calls, streams, observationsPerCall, answerBytes, round));
            }
            figures.RemoveAll(f => (int)f["round"] == 0);
            var own = Median(figures.Where(f => (string)f["sender"] == "bench").Select(f => (double)f["observations_per_second"]));
            var h2load = Median(figures.Where(f => (string)f["sender"] == "h2load").Select(f => (double)f["observations_per_second"]));
            EngineRun.Log($"medians: bench senders {own:N0} obs/s, h2load {h2load:N0} obs/s, h2load / bench {h2load / own:F2}");
            var result = new Dictionary<string, object>
            {
                ["command"] = "bench/h2load.sh " + string.Join(' ', args),
                ["observations_per_call"] = observationsPerCall,
                ["calls_per_round"] = calls,
                ["streams"] = streams,
                ["rounds"] = figures,
                ["bench_senders_observations_per_second_median"] = own,
                ["h2load_observations_per_second_median"] = h2load,
                ["ratio_h2load_to_bench_senders"] = h2load / own,
            };
            await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            EngineRun.Log($"written: {output}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The bench's own senders, in their process (<see cref="LoadSenders"/>) as h2load is in its own: <paramref name="streams"/>
    /// calls at once, each the same encoded messages, until <paramref name="calls"/> are acknowledged.
    /// </summary>
    private static async Task<Dictionary<string, object>> OwnSendersAsync(LoopbackServer server, LoadSenders senders, string token, List<byte[]> messages, int calls, int streams, int observationsPerCall, int round)
    {
        await senders.PrepareRepeatedCallAsync(server.GrpcAddress, token, messages, observationsPerCall, calls, streams);
        var cpu = new CpuMeter();
        var clock = Stopwatch.StartNew();
        var (_, sendersCpu) = await senders.SendAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        var observations = (long)calls * observationsPerCall;
        EngineRun.Log($"round {round}, bench senders: {observations:N0} observations in {seconds:F2} s = {observations / seconds:N0} obs/s, {cpu.MicrosecondsPer(observations):F2} µs server CPU each ({sendersCpu.TotalMicroseconds / observations:F2} the senders')");
        return new()
        {
            ["sender"] = "bench",
            ["round"] = round,
            ["observations"] = observations,
            ["seconds"] = seconds,
            ["observations_per_second"] = observations / seconds,
            ["cpu_microseconds_per_observation_in_server_process"] = cpu.MicrosecondsPer(observations),
            ["cpu_microseconds_per_observation_in_senders_process"] = sendersCpu.TotalMicroseconds / observations,
        };
    }

    /// <summary>h2load sends the body <paramref name="calls"/> times over <paramref name="streams"/> connections; successes counted from the answer bytes.</summary>
    private static async Task<Dictionary<string, object>> H2loadAsync(LoopbackServer server, string token, string bodyFile, int calls, int streams, int observationsPerCall, int answerBytes, int round)
    {
        var start = new ProcessStartInfo("h2load")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-n", calls.ToString(CultureInfo.InvariantCulture), "-c", streams.ToString(CultureInfo.InvariantCulture), "-m", "1",
            "-d", bodyFile,
            "-H", "content-type: application/grpc", "-H", "te: trailers", "-H", $"authorization: Bearer {token}",
            server.GrpcAddress + "/" + ContactService.Descriptor.FullName + "/UploadContacts",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var cpu = new CpuMeter();
        using var h2load = Process.Start(start) ?? throw new InvalidOperationException("h2load did not start: apt-get install nghttp2-client");
        var printed = await h2load.StandardOutput.ReadToEndAsync();
        await h2load.WaitForExitAsync();
        if (h2load.ExitCode != 0)
            throw new InvalidOperationException($"h2load failed ({h2load.ExitCode}): {printed}{await h2load.StandardError.ReadToEndAsync()}");
        var seconds = Seconds(Finished().Match(printed));
        var data = long.Parse(Traffic().Match(printed).Groups["data"].Value, CultureInfo.InvariantCulture);
        var succeeded = (int)(data / answerBytes);
        var observations = (long)succeeded * observationsPerCall;
        EngineRun.Log($"round {round}, h2load: {succeeded} of {calls} calls acknowledged, {observations:N0} observations in {seconds:F2} s = {observations / seconds:N0} obs/s, {cpu.MicrosecondsPer(observations):F2} µs server CPU each");
        if (succeeded != calls)
            EngineRun.Log($"  {calls - succeeded} calls were refused (the backlog pushback h2load cannot honour); counted out");
        return new()
        {
            ["sender"] = "h2load",
            ["round"] = round,
            ["observations"] = observations,
            ["calls_refused"] = calls - succeeded,
            ["seconds"] = seconds,
            ["observations_per_second"] = observations / seconds,
            ["cpu_microseconds_per_observation_in_server_process"] = cpu.MicrosecondsPer(observations),
            ["h2load_output"] = printed[Math.Max(0, printed.IndexOf("finished in", StringComparison.Ordinal))..],
        };
    }

    /// <summary>One call's body: ten batches of 1,000 observations without batch ids (so every replay is stored), as gRPC frames.</summary>
    private static (byte[] Body, List<byte[]> Messages, int Observations) Body()
    {
        var data = new SyntheticData(BatchesPerCall * SyntheticData.BatchSize, visits: 0, cases: 1, seed: 2021, plantWithinObservations: BatchesPerCall * SyntheticData.BatchSize);
        var messages = Enumerable.Range(0, BatchesPerCall).Select(b => EncodedCalls.Encode(new UploadContactsRequest { Batch = E2eRun.ToProto("", data.Batch(b)) })).ToList();
        using var body = new MemoryStream();
        Span<byte> prefix = stackalloc byte[5];
        foreach (var message in messages)
        {
            prefix[0] = 0; // not compressed
            BinaryPrimitives.WriteUInt32BigEndian(prefix[1..], (uint)message.Length);
            body.Write(prefix);
            body.Write(message);
        }
        return (body.ToArray(), messages, (int)data.ObservationsIn(BatchesPerCall));
    }

    private static double Seconds(Match finished)
    {
        var value = double.Parse(finished.Groups["value"].Value, CultureInfo.InvariantCulture);
        return finished.Groups["unit"].Value switch
        {
            "ms" => value / 1e3,
            "us" => value / 1e6,
            _ => value,
        };
    }

    private static double Median(IEnumerable<double> values) => EngineRun.Percentile(values, 0.5);

    private static int IntOption(string[] args, string name, int fallback)
        => RunOptions.Value(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    // "finished in 1.23s, 45.67 req/s, 8.90MB/s"
    [GeneratedRegex(@"finished in (?<value>[0-9.]+)(?<unit>ms|us|s),")]
    private static partial Regex Finished();

    // "traffic: 1.23MB (1234567) total, 1.2KB (1234) headers (space savings 0.00%), 3.4KB (3456) data"
    [GeneratedRegex(@"traffic: .*?\((?<total>\d+)\) total, .*?\((?<headers>\d+)\) headers .*?, .*?\((?<data>\d+)\) data")]
    private static partial Regex Traffic();
}
