using System.Diagnostics;
using System.Runtime;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tracing.Bench.Engine;
using Tracing.Harness;
using Tracing.Matching.Crypto;
using Tracing.V1;

namespace Tracing.Bench.E2e;

/// <summary>
/// <c>bench -- e2e [--quick]</c>: the real server over loopback gRPC, and PostgreSQL 15 on the same data, in one run.
/// Server: Bluetooth observations through <c>UploadContacts</c> with cases matched meanwhile (<see cref="ContactLoad"/>),
/// door scans through <c>StreamScans</c> (<see cref="ScanLoad"/>), a partner reading its feed through
/// <c>WatchNotifications</c> (<see cref="NotificationLoad"/>). PostgreSQL: the same observations by binary COPY into an
/// indexed table, the same cases matched by one SQL query each. Both must find the same contacts. Prints a table,
/// writes <c>bench/results/e2e.json</c> and a PNG chart beside it.
/// </summary>
internal static class E2eRun
{
    // PostgreSQL's COPY connections: as many as the server's upload streams, like for like.
    private const int Connections = LoadSenders.Streams;
    private const int MaxWarmUpRounds = 5;
    // A round that compiles fewer methods than this has left tiered compilation little to do.
    private const int SettledCompilations = 300;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var observations = quick ? 1_000_000L : 10_000_000L;
        var cases = quick ? 20 : 100;
        var scans = quick ? 200_000 : 1_000_000;
        var notifications = quick ? 200_000 : 1_000_000;
        var output = RunOptions.Value(args, "--out") ?? Path.Combine("bench", "results", "e2e.json");
        var chart = Path.ChangeExtension(output, ".png");
        // More server settings, for experiments: --server-setting --Tracing:Observations:CheckpointAfterMegabytes=64
        var serverSettings = ServerSettingArguments.Of(args);
        // Only the Bluetooth part, printed (no scans, notifications, PostgreSQL or JSON): quicker experiments.
        var contactsOnly = args.Contains("--contacts-only");
        // Only the door scans, three rounds each way on one server (the first ones warm it up), printed: for experiments.
        if (args.Contains("--scans-only"))
            return await ScanRoundsAsync(serverSettings, scans);
        // Only the partner's feed, five rounds on one server (the first ones warm it up; the feed grows by a load each round), printed: for experiments.
        if (args.Contains("--notifications-only"))
            return await NotificationRoundsAsync(serverSettings, notifications);
        // Cases [0, n) are matched while the server ingests; cases [n, 2n) idle, on both sides.
        var data = new SyntheticData(observations, visits: 0, 2 * cases, seed: 21, plantWithinObservations: observations);
        EngineRun.Log($"e2e run: {observations:N0} observations in {data.Batches:N0} batches from {data.Devices:N0} devices, {cases} + {cases} cases, {scans:N0} scans, {notifications:N0} notifications; {Connections} streams / connections at once");

        var batches = Enumerable.Range(0, data.Batches).Select(b => (Observer: data.ObserverOf(b), Batch: data.Batch(b))).ToList();
        var encoded = Encoded(batches, "b");

        using var senders = new LoadSenders();
        if (!quick)
            await WarmUpAsync(serverSettings, senders);

        ContactFigures contacts;
        double scansPerSecond, liveScansPerSecond, notificationsPerSecond, cpuPerScan, cpuPerLiveScan, cpuPerNotification;
        await using (var server = await LoopbackServer.StartAsync(serverSettings))
        {
            contacts = await new ContactLoad(server, senders, data, cases).RunAsync(encoded);
            if (contactsOnly)
            {
                // For experiments: the server's side of the Bluetooth load alone, each case kept as in the full run.
                await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["contacts_only"] = true,
                    ["observations_per_second"] = contacts.ObservationsPerSecond,
                    ["match_p50_ms"] = EngineRun.Percentile(contacts.MatchWhileIngesting.Select(m => m.Milliseconds), 0.50),
                    ["match_p99_ms"] = EngineRun.Percentile(contacts.MatchWhileIngesting.Select(m => m.Milliseconds), 0.99),
                    ["matches_while_ingesting_ms"] = CasesWhileIngesting(contacts),
                    ["match_idle_p50_ms"] = EngineRun.Percentile(contacts.MatchIdle, 0.50),
                    ["match_idle_p99_ms"] = EngineRun.Percentile(contacts.MatchIdle, 0.99),
                }, new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            // Each load starts at rest: what the one before wrote is checkpointed first, untimed, as before the query.
            await server.Engine.CheckpointDaysAsync();
            var scanLoad = new ScanLoad(server, senders, scans, ScanDelivery.Backlog);
            scansPerSecond = await scanLoad.RunAsync();
            cpuPerScan = scanLoad.CpuMicroseconds;
            await server.Engine.CheckpointDaysAsync();
            var liveScanLoad = new ScanLoad(server, senders, scans, ScanDelivery.AsTheyHappen);
            liveScansPerSecond = await liveScanLoad.RunAsync();
            cpuPerLiveScan = liveScanLoad.CpuMicroseconds;
            await server.Engine.CheckpointDaysAsync();
            var notificationLoad = new NotificationLoad(server, notifications);
            notificationsPerSecond = await notificationLoad.RunAsync();
            cpuPerNotification = notificationLoad.CpuMicroseconds;
        }

        List<(double Seconds, long Observations)> copied = [(0, 0)];
        List<double> postgresMatch, postgresCaseFlow;
        int postgresContacts, postgresCaseFlowExposed;
        await using (var postgres = await PostgresBaseline.StartAsync())
        {
            var clock = Stopwatch.StartNew();
            var total = 0L;
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Connections }, async (b, _) =>
            {
                await postgres.CopyAsync(b.Observer, b.Batch);
                lock (copied)
                    copied.Add((clock.Elapsed.TotalSeconds, total += b.Batch.Count));
            });
            EngineRun.Log($"PostgreSQL ingest (binary COPY into the indexed table, committed): {total / copied[^1].Seconds:N0} obs/s");
            await postgres.AnalyzeAsync();
            (postgresMatch, postgresContacts) = await MatchAsync(postgres, data, cases);
            EngineRun.Log($"PostgreSQL match (derive + one SQL query): p50 {EngineRun.Percentile(postgresMatch, 0.5):F2} ms, p99 {EngineRun.Percentile(postgresMatch, 0.99):F2} ms, {postgresContacts:N0} people exposed");
            (postgresCaseFlow, postgresCaseFlowExposed) = await CaseFlowAsync(postgres, data, cases);
            EngineRun.Log($"PostgreSQL case flow (one transaction: code, keys, derive, proximity and venue contacts, exposures, notifications, commit): p50 {EngineRun.Percentile(postgresCaseFlow, 0.5):F2} ms, p99 {EngineRun.Percentile(postgresCaseFlow, 0.99):F2} ms, {postgresCaseFlowExposed:N0} people exposed");
        }

        // The same people on every side: one exposure per person exposed (no visits here, so no venue contacts and no F2).
        if (contacts.ExposuresFound != postgresContacts || contacts.QueryContacts != postgresContacts || contacts.QueryOverTheWireContacts != postgresContacts || postgresCaseFlowExposed != postgresContacts)
        {
            Console.Error.WriteLine($"FAILED: the server found {contacts.ExposuresFound} exposures (its query {contacts.QueryContacts}, over the wire {contacts.QueryOverTheWireContacts}), PostgreSQL {postgresContacts} contacts (its case flow {postgresCaseFlowExposed}).");
            return 1;
        }
        var postgresPerSecond = observations / copied[^1].Seconds;
        var result = new Dictionary<string, object?>
        {
            ["observations"] = observations,
            ["cases"] = cases,
            ["quick"] = quick,
            ["observations_per_second"] = contacts.ObservationsPerSecond,
            ["postgres_observations_per_second"] = postgresPerSecond,
            ["ratio_ingest"] = contacts.ObservationsPerSecond / postgresPerSecond,
            // Until the applier has put them in the day stores (lookups read the rest from the log meanwhile).
            ["observations_per_second_until_applied"] = contacts.ObservationsPerSecondUntilApplied,
            ["ratio_ingest_until_applied"] = contacts.ObservationsPerSecondUntilApplied / postgresPerSecond,
            ["match_p50_ms"] = EngineRun.Percentile(contacts.MatchWhileIngesting.Select(m => m.Milliseconds), 0.50),
            ["match_p99_ms"] = EngineRun.Percentile(contacts.MatchWhileIngesting.Select(m => m.Milliseconds), 0.99),
            ["matches_while_ingesting"] = contacts.MatchWhileIngesting.Count,
            // Each case (see CasesWhileIngesting): a p99 of some twenty is their largest, so runs are compared by pooling these.
            ["matches_while_ingesting_ms"] = CasesWhileIngesting(contacts),
            ["match_idle_p50_ms"] = EngineRun.Percentile(contacts.MatchIdle, 0.50),
            ["match_idle_p99_ms"] = EngineRun.Percentile(contacts.MatchIdle, 0.99),
            ["query_p50_ms"] = EngineRun.Percentile(contacts.Query, 0.50),
            ["query_p99_ms"] = EngineRun.Percentile(contacts.Query, 0.99),
            // Like for like: the proximity query over a connection on loopback on both sides (gRPC, PostgreSQL's TCP).
            ["query_over_the_wire_p50_ms"] = EngineRun.Percentile(contacts.QueryOverTheWire, 0.50),
            ["query_over_the_wire_p99_ms"] = EngineRun.Percentile(contacts.QueryOverTheWire, 0.99),
            ["ratio_query_over_the_wire_p50"] = EngineRun.Percentile(postgresMatch, 0.50) / EngineRun.Percentile(contacts.QueryOverTheWire, 0.50),
            ["ratio_query_over_the_wire_p99"] = EngineRun.Percentile(postgresMatch, 0.99) / EngineRun.Percentile(contacts.QueryOverTheWire, 0.99),
            ["postgres_match_p50_ms"] = EngineRun.Percentile(postgresMatch, 0.50),
            ["postgres_match_p99_ms"] = EngineRun.Percentile(postgresMatch, 0.99),
            // Like for like: a case's key upload until durably answered, over a TCP connection on loopback on both sides.
            ["postgres_case_flow_p50_ms"] = EngineRun.Percentile(postgresCaseFlow, 0.50),
            ["postgres_case_flow_p99_ms"] = EngineRun.Percentile(postgresCaseFlow, 0.99),
            ["ratio_case_flow_idle_p50"] = EngineRun.Percentile(postgresCaseFlow, 0.50) / EngineRun.Percentile(contacts.MatchIdle, 0.50),
            ["ratio_case_flow_idle_p99"] = EngineRun.Percentile(postgresCaseFlow, 0.99) / EngineRun.Percentile(contacts.MatchIdle, 0.99),
            // Not like for like, kept as labelled: PostgreSQL's query over its connection against the server's whole key upload,
            // and against the same query inside the server's engine (in process, no connection).
            ["ratio_match_idle_p50"] = EngineRun.Percentile(postgresMatch, 0.50) / EngineRun.Percentile(contacts.MatchIdle, 0.50),
            ["ratio_query_in_process_p50"] = EngineRun.Percentile(postgresMatch, 0.50) / EngineRun.Percentile(contacts.Query, 0.50),
            ["exposures_found"] = contacts.ExposuresFound,
            ["postgres_contacts_found"] = postgresContacts,
            ["scans_per_second"] = scansPerSecond,
            ["scans_per_second_one_per_write"] = liveScansPerSecond,
            ["notifications_per_second"] = notificationsPerSecond,
            ["cpu_us_per_observation"] = contacts.CpuMicrosecondsPerObservation,
            ["server_cpu_us_per_observation"] = contacts.ServerCpuMicrosecondsPerObservation,
            ["cpu_us_per_scan"] = cpuPerScan,
            ["cpu_us_per_scan_one_per_write"] = cpuPerLiveScan,
            ["cpu_us_per_notification"] = cpuPerNotification,
        };
        PrintTable(result);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        E2eChart.Save(chart, contacts, copied);
        EngineRun.Log($"wrote {output} and {chart}");
        return 0;
    }

    // Each case timed while uploading: [seconds into the uploads, ms over the wire, ms of it the server spent tracing,
    // ms the garbage collector paused the process meanwhile, ms the server then waited for the case's writes to be
    // durable, ms the request was in the server's hands]. The rest of the call is the client's side and the connection.
    private static double?[][] CasesWhileIngesting(ContactFigures contacts)
        => contacts.MatchWhileIngesting.Select(m => new[] { m.Seconds, m.Milliseconds, m.TracingMilliseconds, m.GcPauseMilliseconds, m.DurableMilliseconds, m.InServerMilliseconds }
            .Select(v => v is { } value ? Math.Round(value, 3) : (double?)null).ToArray()).ToArray();

    /// <summary>
    /// Untimed: a server on a folder of its own takes part of the load (a tenth; of scans, two fifths), round after
    /// round until a round leaves .NET little to compile, so that the measured server runs code already compiled to
    /// its optimised form (tiered compilation), as a server that has been up a while does. One round was not enough:
    /// the hot ingest methods (FASTER's key search among them) reached their optimised form only during the timed
    /// ingest, after a thousand other methods.
    /// </summary>
    private static async Task WarmUpAsync(IEnumerable<string> serverSettings, LoadSenders senders)
    {
        EngineRun.Log("warm-up (not measured): part of the load on a server of its own, until the JIT settles");
        await using var server = await LoopbackServer.StartAsync(serverSettings);
        for (var round = 1; round <= MaxWarmUpRounds; round++)
        {
            // Fresh observations each round, as new days of uploads would be.
            var data = new SyntheticData(1_000_000, visits: 0, 2 * 10, seed: 21 + round, plantWithinObservations: 1_000_000);
            var batches = Enumerable.Range(0, data.Batches).Select(b => (data.ObserverOf(b), data.Batch(b))).ToList();
            var encoded = Encoded(batches, $"w{round}-");
            var compiled = JitInfo.GetCompiledMethodCount();
            await new ContactLoad(server, senders, data, 10).RunAsync(encoded);
            await server.Engine.CheckpointDaysAsync();
            await new ScanLoad(server, senders, 200_000, ScanDelivery.Backlog).RunAsync();
            await new ScanLoad(server, senders, 200_000, ScanDelivery.AsTheyHappen).RunAsync();
            await new NotificationLoad(server, 100_000).RunAsync();
            compiled = JitInfo.GetCompiledMethodCount() - compiled;
            EngineRun.Log($"warm-up round {round}: {compiled:N0} methods compiled");
            if (compiled < SettledCompilations)
                break;
        }
        EngineRun.Log("warm-up done; the measured run follows");
    }

    /// <summary>Each batch as its phone would send it (encoded before any clock starts), with a batch id from <paramref name="idPrefix"/>.</summary>
    private static List<(uint Observer, byte[] Encoded, int Observations)> Encoded(List<(uint Observer, List<Matching.Ledger.ReportedObservation> Batch)> batches, string idPrefix)
        => batches.Select((b, i) => (b.Observer, EncodedCalls.Encode(new UploadContactsRequest { Batch = ToProto($"{idPrefix}{b.Observer}-{i}", b.Batch) }), b.Batch.Count)).ToList();

    /// <summary>Three rounds of door scans each way, alternated, on one server (<c>--scans-only</c>), printed only.</summary>
    private static async Task<int> ScanRoundsAsync(List<string> serverSettings, int scans)
    {
        await using var server = await LoopbackServer.StartAsync(serverSettings);
        using var senders = new LoadSenders();
        for (var round = 0; round < 3; round++)
        {
            await server.Engine.CheckpointDaysAsync();
            await new ScanLoad(server, senders, scans, ScanDelivery.AsTheyHappen).RunAsync();
            await server.Engine.CheckpointDaysAsync();
            await new ScanLoad(server, senders, scans, ScanDelivery.Backlog).RunAsync();
        }
        return 0;
    }

    /// <summary>Five rounds of a partner reading the feed from its start, on one server (<c>--notifications-only</c>), printed only.</summary>
    private static async Task<int> NotificationRoundsAsync(List<string> serverSettings, int notifications)
    {
        await using var server = await LoopbackServer.StartAsync(serverSettings);
        for (var round = 0; round < 5; round++)
        {
            await server.Engine.CheckpointDaysAsync();
            await new NotificationLoad(server, notifications).RunAsync();
        }
        return 0;
    }

    /// <summary>Cases [n, 2n) as SQL: derive the 2,016 identifiers, then one query each; returns (ms per case, people exposed).</summary>
    private static async Task<(List<double>, int)> MatchAsync(PostgresBaseline postgres, SyntheticData data, int cases)
    {
        var latencies = new List<double>();
        var found = 0;
        var until = SyntheticData.Now.ToUnixTimeSeconds();
        // Warm-up, untimed, as on the server's side: the first queries read the index and table pages from disk.
        for (var c = cases; c < cases + 5; c++)
        {
            var (rpis, intervals) = Identifiers(data, c);
            await postgres.MatchAsync(rpis, intervals, data.Start, until);
        }
        for (var c = cases; c < 2 * cases; c++)
        {
            var clock = Stopwatch.StartNew();
            var (rpis, intervals) = Identifiers(data, c);
            found += await postgres.MatchAsync(rpis, intervals, data.Start, until);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        return (latencies, found);
    }

    /// <summary>
    /// Cases [n, 2n) through PostgreSQL's case flow (<see cref="PostgresBaseline.CaseFlowAsync"/>), each reported first
    /// (untimed, as <c>ReportCase</c> is on the server's side), after five untimed ones; returns (ms per case, people exposed).
    /// </summary>
    private static async Task<(List<double>, int)> CaseFlowAsync(PostgresBaseline postgres, SyntheticData data, int cases)
    {
        var latencies = new List<double>();
        var found = 0;
        var until = SyntheticData.Now.ToUnixTimeSeconds();
        for (var c = cases - 5; c < 2 * cases; c++)
        {
            var code = await postgres.ReportCaseAsync(person: 1_000_000 + c);
            var clock = Stopwatch.StartNew();
            var exposed = await postgres.CaseFlowAsync(code, data.KeysOf(c), Identifiers, data.Start, until);
            if (c < cases)
                continue;
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            found += exposed;
        }
        return (latencies, found);
    }

    /// <summary>Case <paramref name="c"/>'s identifiers and their intervals, as the SQL query takes them.</summary>
    private static (byte[][] Rpis, int[] Intervals) Identifiers(SyntheticData data, int c) => Identifiers(data.KeysOf(c));

    /// <summary>The identifiers of <paramref name="keys"/> and their intervals, as the SQL query takes them.</summary>
    private static (byte[][] Rpis, int[] Intervals) Identifiers(IReadOnlyList<Matching.Tracing.DiagnosisKey> keys)
    {
        var rpis = new List<byte[]>();
        var intervals = new List<int>();
        foreach (var key in keys)
        {
            var derived = new byte[key.RollingPeriod * ExposureKeyCrypto.IdentifierLength];
            ExposureKeyCrypto.DeriveIdentifiers(key.KeyData, key.RollingStartInterval, key.RollingPeriod, derived);
            for (var i = 0; i < key.RollingPeriod; i++)
            {
                rpis.Add(derived.AsSpan(i * ExposureKeyCrypto.IdentifierLength, ExposureKeyCrypto.IdentifierLength).ToArray());
                intervals.Add((int)key.RollingStartInterval + i);
            }
        }
        return ([.. rpis], [.. intervals]);
    }

    private static void PrintTable(Dictionary<string, object?> r)
    {
        string Row(string what, object? server, object? postgres, string format, object? ratio) =>
            $"{what,-52}{string.Format($"{{0,14:{format}}}", server)}{(postgres is null ? "" : string.Format($"{{0,14:{format}}}", postgres)),14}{(ratio is double x ? $"{x,9:F2}×" : "")}";
        Console.WriteLine();
        Console.WriteLine($"{"",-52}{"server",14}{"PostgreSQL",14}{"ratio",10}");
        Console.WriteLine(Row("ingest (observations/s, acknowledged durable)", r["observations_per_second"], r["postgres_observations_per_second"], "N0", r["ratio_ingest"]));
        Console.WriteLine(Row("  … until all in the day stores", r["observations_per_second_until_applied"], r["postgres_observations_per_second"], "N0", r["ratio_ingest_until_applied"]));
        Console.WriteLine(Row("case flow idle, p50 ms (key upload until durable)", r["match_idle_p50_ms"], r["postgres_case_flow_p50_ms"], "F2", r["ratio_case_flow_idle_p50"]));
        Console.WriteLine(Row("case flow idle, p99 ms", r["match_idle_p99_ms"], r["postgres_case_flow_p99_ms"], "F2", r["ratio_case_flow_idle_p99"]));
        Console.WriteLine(Row("proximity query over the wire, p50 ms (gRPC / TCP)", r["query_over_the_wire_p50_ms"], r["postgres_match_p50_ms"], "F3", r["ratio_query_over_the_wire_p50"]));
        Console.WriteLine(Row("proximity query over the wire, p99 ms", r["query_over_the_wire_p99_ms"], r["postgres_match_p99_ms"], "F3", r["ratio_query_over_the_wire_p99"]));
        Console.WriteLine(Row("  … in the server's process, p50 ms (not like for like)", r["query_p50_ms"], r["postgres_match_p50_ms"], "F3", r["ratio_query_in_process_p50"]));
        Console.WriteLine(Row("case match while ingesting, p50 ms", r["match_p50_ms"], null, "F2", null));
        Console.WriteLine(Row("case match while ingesting, p99 ms", r["match_p99_ms"], null, "F2", null));
        Console.WriteLine(Row("scans/s (StreamScans, backlogs)", r["scans_per_second"], null, "N0", null));
        Console.WriteLine(Row("scans/s (StreamScans, one scan per write)", r["scans_per_second_one_per_write"], null, "N0", null));
        Console.WriteLine(Row("notifications/s (WatchNotifications)", r["notifications_per_second"], null, "N0", null));
    }

    internal static ContactBatch ToProto(string id, List<Matching.Ledger.ReportedObservation> batch)
    {
        var proto = new ContactBatch { BatchId = id };
        foreach (var o in batch)
        {
            proto.Observations.Add(new ContactObservation
            {
                Rpi = ByteString.CopyFrom(o.Rpi.Span),
                Aem = ByteString.CopyFrom(o.Aem.Span),
                SeenAt = Timestamp.FromDateTimeOffset(o.SeenAt),
                DurationSeconds = o.DurationSeconds,
                Rssi = o.Rssi,
                TxPower = o.TxPower,
            });
        }
        return proto;
    }
}
