using System.Diagnostics;
using System.Runtime;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Bench.Engine;
using Tracing.Clients;
using Tracing.Matching.Tracing;
using Tracing.V1;

namespace Tracing.Bench.E2e;

/// <summary>What the Bluetooth load measured on the server.</summary>
internal sealed record ContactFigures(
    double ObservationsPerSecond,
    double ObservationsPerSecondUntilApplied,
    double CpuMicrosecondsPerObservation,
    double ServerCpuMicrosecondsPerObservation,
    List<(double Seconds, long Observations)> Acknowledged,
    List<CaseWhileIngesting> MatchWhileIngesting,
    List<double> MatchIdle,
    int ExposuresFound,
    List<double> Query,
    int QueryContacts,
    List<double> QueryOverTheWire,
    int QueryOverTheWireContacts);

/// <summary>
/// One case timed while uploads ran: when (s into the load), ms over the wire, and the parts the server reported —
/// tracing, waiting for durable, the whole request in its hands (see <see cref="CaseTracingTimes"/>) — with the ms
/// this process's garbage collector paused meanwhile.
/// </summary>
internal sealed record CaseWhileIngesting(double Seconds, double Milliseconds, double? TracingMilliseconds, double GcPauseMilliseconds, double? DurableMilliseconds, double? InServerMilliseconds);

/// <summary>
/// The Bluetooth load on the server: every batch through <c>UploadContacts</c> (8 device streams at once, from the
/// senders' own process: <see cref="LoadSenders"/>) while, one
/// after another, cases upload their keys (<c>UploadDiagnosisKeys</c>: derive, match, case file, notifications,
/// durable); then the other cases idle, and the proximity query alone in the server's engine (the query PostgreSQL
/// answers in SQL). Cases [0, n) are matched while ingesting, cases [n, 2n) idle and against PostgreSQL.
/// </summary>
internal sealed class ContactLoad(LoopbackServer server, LoadSenders senders, SyntheticData data, int cases)
{
    private static readonly TimeSpan CasePace = TimeSpan.FromMilliseconds(250);

    public async Task<ContactFigures> RunAsync(IReadOnlyList<(uint Observer, byte[] Encoded, int Observations)> batches)
    {
        using var anonymous = TracingClient.Anonymous(server.GrpcAddress);
        using var health = TracingClient.ForApiKey(server.GrpcAddress, LoopbackServer.HealthKey);
        var tokens = new Dictionary<uint, string>();
        foreach (var observer in batches.Select(b => b.Observer).Distinct())
            tokens[observer] = (await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "bench" })).AccessToken;
        await MatchAsync(anonymous, health, 0); // warms the match path up (JIT) on the empty store

        var acknowledged = new List<(double, long)> { (0, 0) };
        var total = 0L;
        await senders.PrepareContactsAsync(server.GrpcAddress, batches.GroupBy(b => b.Observer).Select(device => new SenderDevice(tokens[device.Key], device.Select(b => (b.Encoded, b.Observations)).ToList())));
        EngineRun.Log($"uploads of {batches.Count:N0} batches start");
        var cpu = new CpuMeter();
        var compiled = JitInfo.GetCompiledMethodCount();
        var clock = Stopwatch.StartNew();
        var ingest = senders.SendAsync((seconds, observations) =>
        {
            lock (acknowledged)
                acknowledged.Add((seconds, total += observations));
        });
        // Cases come at a steady pace while the uploads run (four a second: over twenty times the cases of Vietnam's
        // worst day of 2021), not back to back: otherwise the faster a match, the more of them compete with the uploads.
        var whileIngesting = new List<CaseWhileIngesting>();
        using var tracingTimes = new CaseTracingTimes();
        for (var c = 0; !ingest.IsCompleted; c = (c + 1) % cases)
        {
            var started = clock.Elapsed;
            tracingTimes.Take();
            var (latency, _, paused) = await MatchAsync(anonymous, health, c);
            var (tracing, durable, inServer) = tracingTimes.Take();
            whileIngesting.Add(new CaseWhileIngesting(clock.Elapsed.TotalSeconds, latency, tracing, paused, durable, inServer));
            var rest = CasePace - (clock.Elapsed - started);
            if (rest > TimeSpan.Zero)
                await Task.WhenAny(ingest, Task.Delay(rest));
        }
        var (pushbacks, sendersCpu) = await ingest;
        var serverCpuPerObservation = cpu.MicrosecondsPer(total);
        var cpuPerObservation = serverCpuPerObservation + (sendersCpu.TotalMicroseconds / total);
        compiled = JitInfo.GetCompiledMethodCount() - compiled;
        var observationsPerSecond = total / acknowledged[^1].Item1;
        EngineRun.Log($"server ingest (UploadContacts, acknowledged = durable): {observationsPerSecond:N0} obs/s, {cpuPerObservation:F2} µs CPU each ({serverCpuPerObservation:F2} the server's, matches included), {compiled:N0} methods compiled meanwhile; {pushbacks} calls pushed back (backlog full) and sent again; {whileIngesting.Count} cases matched meanwhile, p50 {EngineRun.Percentile(whileIngesting.Select(m => m.Milliseconds), 0.5):F2} ms, p99 {EngineRun.Percentile(whileIngesting.Select(m => m.Milliseconds), 0.99):F2} ms");

        if (whileIngesting.MaxBy(m => m.Milliseconds) is { } slowest)
            EngineRun.Log($"the slowest case while uploading, {slowest.Seconds:F2} s into the load: {slowest.Milliseconds:F1} ms over the wire; {Ms(slowest.InServerMilliseconds)} ms in the server's hands, of which {Ms(slowest.TracingMilliseconds)} tracing and {Ms(slowest.DurableMilliseconds)} waiting for durable; {slowest.GcPauseMilliseconds:F1} ms of GC pause in this process meanwhile");

        // Idle: once the applier has put every acknowledged observation in its day store. Lookups read what it has not
        // reached yet from the log, so an acknowledgement does not wait for it; this says how far behind it was left.
        server.Engine.Contacts.CatchUp();
        var applied = clock.Elapsed.TotalSeconds;
        var untilApplied = total / applied;
        EngineRun.Log($"every acknowledged observation in its day store {applied - acknowledged[^1].Item1:F2} s after the last acknowledgement: {untilApplied:N0} obs/s until applied, {cpu.MicrosecondsPer(total):F2} µs of the server's CPU each");

        // At rest, as PostgreSQL is asked after its load: the day checkpoint the load started (by the log's length) is
        // waited for, and what the applier added since is checkpointed too. Held for all days at once, that checkpoint
        // used to end inside the load; one day at a time it lasts a second or two past it, and a case meanwhile waits
        // for its commit behind the snapshot's writes (see bench/README.md).
        await server.Engine.CheckpointDaysAsync();
        await MatchAsync(anonymous, health, cases);
        var idle = new List<double>();
        var found = 0;
        for (var c = cases; c < 2 * cases; c++)
        {
            var (latency, exposures, _) = await MatchAsync(anonymous, health, c);
            idle.Add(latency);
            found += exposures;
        }
        EngineRun.Log($"server match idle (UploadDiagnosisKeys): p50 {EngineRun.Percentile(idle, 0.5):F2} ms, p99 {EngineRun.Percentile(idle, 0.99):F2} ms, {found:N0} exposures");

        var (query, contacts) = Query();
        EngineRun.Log($"proximity query in the server's engine (the query PostgreSQL answers): p50 {EngineRun.Percentile(query, 0.5):F3} ms, p99 {EngineRun.Percentile(query, 0.99):F3} ms, {contacts:N0} people exposed");
        var (overTheWire, overTheWireContacts) = await QueryOverTheWireAsync(health.CallInvoker);
        EngineRun.Log($"proximity query over gRPC (keys in, contacts out, on loopback): p50 {EngineRun.Percentile(overTheWire, 0.5):F3} ms, p99 {EngineRun.Percentile(overTheWire, 0.99):F3} ms, {overTheWireContacts:N0} people exposed");
        return new ContactFigures(observationsPerSecond, untilApplied, cpuPerObservation, serverCpuPerObservation, acknowledged, whileIngesting, idle, found, query, contacts, overTheWire, overTheWireContacts);
    }

    private static string Ms(double? milliseconds) => milliseconds is { } ms ? ms.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "?";

    /// <summary>
    /// Reports case <paramref name="c"/> (not timed), then times its phone's key upload; returns (ms, exposures found, ms
    /// the garbage collector paused this process meanwhile: the server shares it with the case's client).
    /// </summary>
    private async Task<(double Milliseconds, int Exposures, double GcPauseMilliseconds)> MatchAsync(TracingClient anonymous, TracingClient health, int c)
    {
        var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "bench-case" });
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest
        {
            UserId = device.UserId,
            SymptomOnsetDate = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(data.Start).AddDays(2)),
        });
        using var phone = anonymous.WithAccessToken(device.AccessToken);
        var upload = new UploadDiagnosisKeysRequest { VerificationCode = report.VerificationCode };
        foreach (var key in data.KeysOf(c))
            upload.Keys.Add(new V1.DiagnosisKey { KeyData = ByteString.CopyFrom(key.KeyData), RollingStartIntervalNumber = (int)key.RollingStartInterval, RollingPeriod = key.RollingPeriod });
        var paused = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        var uploaded = await phone.Cases.UploadDiagnosisKeysAsync(upload);
        return (clock.Elapsed.TotalMilliseconds, uploaded.ExposuresFound, (GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
    }

    /// <summary>
    /// The proximity query of cases [n, 2n) in the server's engine, over the window PostgreSQL is asked about: each
    /// case repeatedly, for two seconds; returns every latency and the people the first round found.
    /// </summary>
    private (List<double> Milliseconds, int Contacts) Query()
    {
        var tracer = new ContactTracer(server.Engine.CheckIns, server.Engine.Contacts, server.Engine.Rules);
        var until = SyntheticData.Now.ToUnixTimeSeconds();
        // Warm-up, untimed, for a second: the code reaches its optimised (tier-1) form some 30 calls and 100 ms of
        // quiet after its first call, compiled in the background.
        var warm = Stopwatch.StartNew();
        for (var w = 0; warm.Elapsed < TimeSpan.FromSeconds(1); w++)
            tracer.ProximityContacts(0, data.KeysOf(cases + (w % cases)), data.Start, until, ExposureTier.F1);
        // Every case of the half, over and over for two seconds: a hundred queries take some 30 ms, too short a window
        // on a shared machine (one pause of the process and the p50 moves by half).
        var latencies = new List<double>();
        var contacts = 0;
        var sampling = Stopwatch.StartNew();
        for (var round = 0; round == 0 || sampling.Elapsed < TimeSpan.FromSeconds(2); round++)
        {
            for (var c = cases; c < 2 * cases; c++)
            {
                var clock = Stopwatch.StartNew();
                var found = tracer.ProximityContacts(0, data.KeysOf(c), data.Start, until, ExposureTier.F1);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                // A case file holds one exposure per person: count people, not person-days.
                if (round == 0)
                    contacts += found.Select(contact => contact.Person).Distinct().Count();
            }
        }
        return (latencies, contacts);
    }

    /// <summary>
    /// The same proximity query as <see cref="Query"/>, asked over the server's gRPC connection
    /// (<see cref="ProximityQueryService"/>) as PostgreSQL is asked over its TCP connection: the case's keys go in, its
    /// contacts come back. Warmed up for a second, then every case of the half, round after round, for two seconds.
    /// </summary>
    private async Task<(List<double> Milliseconds, int Contacts)> QueryOverTheWireAsync(CallInvoker calls)
    {
        var until = SyntheticData.Now.ToUnixTimeSeconds();
        var requests = Enumerable.Range(cases, cases).Select(c => ProximityQueryService.Request(data.KeysOf(c), data.Start, until)).ToList();
        var warm = Stopwatch.StartNew();
        for (var w = 0; warm.Elapsed < TimeSpan.FromSeconds(1); w++)
            await calls.AsyncUnaryCall(ProximityQueryService.MatchMethod, null, new CallOptions(), requests[w % cases]);
        var latencies = new List<double>();
        var contacts = 0;
        var sampling = Stopwatch.StartNew();
        for (var round = 0; round == 0 || sampling.Elapsed < TimeSpan.FromSeconds(2); round++)
        {
            foreach (var request in requests)
            {
                var clock = Stopwatch.StartNew();
                var answer = await calls.AsyncUnaryCall(ProximityQueryService.MatchMethod, null, new CallOptions(), request);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                if (round == 0)
                    contacts += ProximityQueryService.PeopleIn(answer);
            }
        }
        return (latencies, contacts);
    }
}
