using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using Tracing.Matching;
using Tracing.Matching.Crypto;
using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage;

namespace Tracing.Bench.Engine;

/// <summary>
/// The engine load run: loads a synthetic national population into the engine and into a naive baseline in the
/// same process, measures ingest, matching, memory, disk and crash recovery, checks that both give the same
/// contacts, prints a table and writes <c>bench/results/engine.json</c>.
/// </summary>
internal static class EngineRun
{
    private const int WarmUpCases = 10;
    private const int ChunkBatches = 1_000;
    private const int CrashAcknowledged = 20;
    private const int CrashUnacknowledged = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = EngineRunOptions.Parse(args);
        var total = Stopwatch.StartNew();
        var result = new Dictionary<string, object?>();
        var baselineObservations = Math.Min(options.Observations, options.BaselineMax);
        var data = new SyntheticData(options.Observations, options.Visits, options.Cases, options.Seed, baselineObservations);
        var baselineBatches = (int)((baselineObservations + SyntheticData.BatchSize - 1) / SyntheticData.BatchSize);
        var directory = options.DataDirectory;
        if (System.IO.Directory.Exists(directory))
            System.IO.Directory.Delete(directory, recursive: true);
        var store = StoreFor(options);
        Log($"engine run: {options.Observations:N0} observations in {data.Batches:N0} batches from {data.Devices:N0} devices, {data.VisitCount:N0} visits by {data.People:N0} people at {data.Venues:N0} venues, {options.Cases} cases ({data.Planted.Count:N0} planted sightings), {options.Threads} ingest threads");
        Log($"store: {directory}, {string.Join(", ", EngineAdapter.Describe(store).Select(p => $"{p.Key} {p.Value}"))}");
        result["observations"] = options.Observations;
        result["visits"] = data.VisitCount;
        result["cases"] = options.Cases;

        // ---------------- engine ----------------
        var (rss0, heap0) = Memory();
        var engine = EngineAdapter.Open(store, SyntheticData.Now);
        var ingest = Ingest(data, data.Batches, options.Threads, (b, batch) =>
        {
            var observer = data.ObserverOf(b);
            var outcome = engine.Ingest(SyntheticData.DeviceUserId(observer), observer, $"b{b}", batch);
            if (outcome.Accepted != batch.Count)
                throw new InvalidOperationException($"The engine refused {outcome.Rejected} observations of batch {b}: {string.Join("; ", outcome.Reasons)}");
        }, () => engine.WaitUntilVisible(data.Planted[0].Rpi));
        var commit = Stopwatch.StartNew();
        await engine.CommitAsync();
        commit.Stop();
        var ingestSeconds = ingest.Seconds + commit.Elapsed.TotalSeconds;
        var visible = Stopwatch.StartNew();
        engine.WaitUntilVisible(data.Planted[0].Rpi);
        visible.Stop();
        var catchUpSeconds = ingest.CatchUpSeconds + visible.Elapsed.TotalSeconds;
        var (rss1, heap1) = Memory();
        Log($"engine ingest: {ingest.Seconds:F2} s + commit {commit.Elapsed.TotalSeconds:F2} s = {options.Observations / ingestSeconds:N0} obs/s, {ingest.AllocatedBytes / (double)options.Observations:F0} B allocated per observation; waiting until readable (after each 1,000-batch chunk and after the commit) {catchUpSeconds:F2} s; RSS +{(rss1 - rss0) / 1e6:N0} MB, GC heap +{(heap1 - heap0) / 1e6:N0} MB");
        result["ingest_observations_per_second"] = options.Observations / ingestSeconds;
        result["ingest_seconds"] = ingest.Seconds;
        result["ingest_commit_seconds"] = commit.Elapsed.TotalSeconds;
        result["ingest_catch_up_seconds"] = catchUpSeconds;
        result["ingest_observations_per_second_until_readable"] = options.Observations / (ingestSeconds + catchUpSeconds);
        // Processor time spent storing them until readable (every thread of the process): unlike the elapsed time, other
        // programs on a shared machine barely move it, so it compares two builds even when the machine is busy.
        result["ingest_cpu_seconds_per_million_until_readable"] = ingest.CpuSeconds * 1e6 / options.Observations;
        result["ingest_allocated_bytes_per_observation"] = ingest.AllocatedBytes / (double)options.Observations;
        result["bytes_per_observation_memory"] = (rss1 - rss0) / (double)options.Observations;
        result["bytes_per_observation_memory_gc_heap"] = (heap1 - heap0) / (double)options.Observations;
        // The store's own structures, free of the harness's allocations that RSS also counts.
        result["bytes_per_observation_store"] = engine.ObservationStoreBytes / (double)options.Observations;
        Log($"engine observation store: {engine.ObservationStoreBytes / 1e6:N0} MB = {(double)result["bytes_per_observation_store"]!:F1} B per observation (day logs with spare room and superseded copies, plus filters)");

        var (personNumbers, venueNumbers, scans) = await LoadVisitsAsync(engine, data, options.Threads);
        Log($"engine visits: {scans.Scans:N0} scans in {scans.Seconds:F2} s = {scans.Scans / scans.Seconds:N0} scans/s (registration {scans.RegistrationSeconds:F2} s), {scans.AllocatedBytes / (double)Math.Max(1, scans.Scans):F0} B allocated per scan");
        result["scans_per_second"] = scans.Scans / scans.Seconds;
        result["scan_allocated_bytes"] = scans.AllocatedBytes / (double)Math.Max(1, scans.Scans);
        // The history was loaded in a minute, not over its days: the periodic checkpoint's next two passes (30 s apart)
        // would now compact the settled scan days (those older than the newest but one), the second finding them quiet.
        // Run now, so that disk and restart are measured as a server holds them.
        var settle = Stopwatch.StartNew();
        await engine.CheckpointDaysAsync();
        await engine.CheckpointDaysAsync();
        Log($"engine checkpoint with the settled scan days compacted: {settle.Elapsed.TotalSeconds:F2} s");
        result["checkpoint_with_compaction_seconds"] = settle.Elapsed.TotalSeconds;

        var from = data.Start;
        var until = SyntheticData.Now.ToUnixTimeSeconds();
        var engineProximity = MeasureCases(options.Cases, c => engine.ProximityContacts(personNumbers[c], data.KeysOf(c), from, until));
        var lookups = MeasureLookups(engine, data);
        Log($"engine proximity: p50 {engineProximity.P50:F3} ms, p99 {engineProximity.P99:F3} ms, {engineProximity.AllocatedBytes:N0} B allocated per case, {engineProximity.Found:N0} contacts in all; split: derive 2,016 RPIs p50 {lookups.DeriveP50:F3} ms, 2,016 SightingsOf (diagnostic all-days path) p50 {lookups.LookupP50:F3} ms ({lookups.LookupAllocated:N0} B allocated)");
        result["proximity_match_p50_ms"] = engineProximity.P50;
        result["proximity_match_p99_ms"] = engineProximity.P99;
        result["proximity_match_mean_ms"] = engineProximity.Mean;
        result["proximity_match_allocated_bytes"] = engineProximity.AllocatedBytes;
        result["proximity_contacts_found"] = engineProximity.Found;
        result["proximity_split_derive_p50_ms"] = lookups.DeriveP50;
        result["proximity_split_lookups_p50_ms"] = lookups.LookupP50;
        result["proximity_split_lookups_allocated_bytes"] = lookups.LookupAllocated;

        var engineVenue = MeasureCases(options.Cases, c => engine.VenueContacts(personNumbers[c], from, until));
        Log($"engine venue: p50 {engineVenue.P50:F3} ms, p99 {engineVenue.P99:F3} ms, {engineVenue.AllocatedBytes:N0} B allocated per case, {engineVenue.Found:N0} contacts in all; {engineVenue.Collections} garbage collections meanwhile, during {engineVenue.SlowestWithCollection} of the slowest {Math.Max(1, options.Cases / 50)} cases");
        result["venue_match_gc_collections"] = engineVenue.Collections;
        result["venue_match_slowest_with_gc"] = engineVenue.SlowestWithCollection;
        result["venue_match_p50_ms"] = engineVenue.P50;
        result["venue_match_p99_ms"] = engineVenue.P99;
        result["venue_match_allocated_bytes"] = engineVenue.AllocatedBytes;
        result["venue_contacts_found"] = engineVenue.Found;

        var close = Stopwatch.StartNew();
        await engine.DisposeAsync();
        close.Stop();
        engine = null;
        var disk = DiskBytes(directory);
        var parts = DiskParts(directory);
        Log($"engine disk: {disk / 1e6:N0} MB = {disk / (double)options.Observations:F1} B per observation (closing checkpoint {close.Elapsed.TotalSeconds:F2} s); {string.Join(", ", parts.Select(p => $"{p.Key} {p.Value / 1e6:N0} MB"))}; file lengths {DirectorySize(directory) / 1e6:N0} MB (with holes)");
        result["bytes_per_observation_disk"] = disk / (double)options.Observations;
        result["disk_bytes"] = disk;
        result["disk_bytes_by_part"] = parts;
        // What the files' lengths add up to: more than the disk holds, by the holes left where logs were discarded.
        result["disk_file_length_bytes"] = DirectorySize(directory);
        result["close_checkpoint_seconds"] = close.Elapsed.TotalSeconds;

        // Give the engine's memory back to the system first: the recovery child opens a second copy of the store.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var recovery = await RecoverAsync(options, data, store);
        Log($"recovery after kill -9: open + first lookup {recovery.Seconds:F2} s; {recovery.Checked:N0} acknowledged case sightings checked, {recovery.Lost} lost; child's clean reopen {recovery.CleanReopenSeconds:F2} s");
        result["recovery_seconds"] = recovery.Seconds;
        result["recovery_clean_reopen_seconds"] = recovery.CleanReopenSeconds;
        result["recovery_split"] = recovery.Split;
        result["recovery_checked_observations"] = recovery.Checked;
        result["recovery_lost_observations"] = recovery.Lost;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        // ---------------- baseline ----------------
        if (baselineObservations < options.Observations)
            Log($"baseline capped at {baselineObservations:N0} observations (--baseline-max); the case sightings all lie within the cap");
        var (brss0, bheap0) = Memory();
        var baseline = new NaiveBaseline(new TracingRules());
        var baseIngest = Ingest(data, baselineBatches, options.Threads, (b, batch) => baseline.Ingest(data.ObserverOf(b), batch));
        var (brss1, bheap1) = Memory();
        Log($"baseline ingest: {baselineObservations / baseIngest.Seconds:N0} obs/s, {baseIngest.AllocatedBytes / (double)baselineObservations:F0} B allocated per observation; GC heap +{(bheap1 - bheap0) / 1e6:N0} MB, RSS +{(brss1 - brss0) / 1e6:N0} MB");
        for (var p = 0; p < data.People; p++)
        {
            foreach (var v in data.VisitsOf(p))
                baseline.AddVisit(new Visit(personNumbers[p], venueNumbers[v.Venue], v.In, v.Out, true));
        }
        var baseProximity = MeasureCases(options.Cases, c => baseline.ProximityContacts(personNumbers[c], data.KeysOf(c), from, until));
        Log($"baseline proximity: p50 {baseProximity.P50:F3} ms, p99 {baseProximity.P99:F3} ms, {baseProximity.AllocatedBytes:N0} B allocated per case");
        var baseVenue = MeasureCases(options.Cases, c => baseline.VenueContacts(personNumbers[c], from, until));
        Log($"baseline venue: p50 {baseVenue.P50:F3} ms, p99 {baseVenue.P99:F3} ms");

        var proximityMismatches = Compare("proximity", engineProximity.Results, baseProximity.Results);
        var venueMismatches = Compare("venue", engineVenue.Results, baseVenue.Results);

        result["baseline_observations"] = baselineObservations;
        result["baseline_capped"] = baselineObservations < options.Observations;
        result["baseline_ingest_observations_per_second"] = baselineObservations / baseIngest.Seconds;
        result["baseline_ingest_allocated_bytes_per_observation"] = baseIngest.AllocatedBytes / (double)baselineObservations;
        result["baseline_proximity_match_p50_ms"] = baseProximity.P50;
        result["baseline_proximity_match_p99_ms"] = baseProximity.P99;
        result["baseline_proximity_match_allocated_bytes"] = baseProximity.AllocatedBytes;
        result["baseline_venue_match_p50_ms"] = baseVenue.P50;
        result["baseline_venue_match_p99_ms"] = baseVenue.P99;
        result["baseline_bytes_per_observation_memory"] = (bheap1 - bheap0) / (double)baselineObservations;
        result["baseline_bytes_per_observation_memory_rss"] = (brss1 - brss0) / (double)baselineObservations;
        result["baseline_bytes_per_observation_disk"] = null;
        result["baseline_recovery_seconds"] = null;

        // Ratios say how many times better the engine is (> 1: engine better).
        // The headline: until a lookup sees them, as the baseline's dictionary does the moment it returns. The acknowledged
        // rate (the write-ahead log durable, the day stores behind) is not the same unit of work and is kept beside it.
        result["ratio_ingest_until_readable"] = (double)result["ingest_observations_per_second_until_readable"]! / (double)result["baseline_ingest_observations_per_second"]!;
        result["ratio_ingest_observations_per_second"] = (double)result["ingest_observations_per_second"]! / (double)result["baseline_ingest_observations_per_second"]!;
        result["ratio_proximity_match_p50"] = baseProximity.P50 / engineProximity.P50;
        result["ratio_proximity_match_p99"] = baseProximity.P99 / engineProximity.P99;
        result["ratio_venue_match_p50"] = baseVenue.P50 / engineVenue.P50;
        result["ratio_venue_match_p99"] = baseVenue.P99 / engineVenue.P99;
        result["ratio_bytes_per_observation_memory"] = (double)result["baseline_bytes_per_observation_memory"]! / (double)result["bytes_per_observation_memory"]!;
        result["correctness"] = new Dictionary<string, object>
        {
            ["proximity_cases_equal"] = options.Cases - proximityMismatches,
            ["venue_cases_equal"] = options.Cases - venueMismatches,
            ["recovery_lost_observations"] = recovery.Lost,
        };
        result["engine_options"] = EngineAdapter.Describe(store);
        result["machine"] = Machine();
        result["command_line"] = "dotnet run -c Release --project bench -- engine " + string.Join(' ', args);
        result["seed"] = options.Seed;
        result["ingest_threads"] = options.Threads;
        result["measured_at"] = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture);
        result["wall_seconds"] = total.Elapsed.TotalSeconds;

        PrintTable(result);
        var output = options.Output ?? Path.Combine(ResultsDirectory(), "engine.json");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
        await File.WriteAllTextAsync(output, json + "\n");
        Log($"wrote {Path.GetFullPath(output)} ({total.Elapsed.TotalSeconds:F0} s in all)");
        if (!options.KeepData)
            System.IO.Directory.Delete(directory, recursive: true);

        if (proximityMismatches > 0 || venueMismatches > 0 || recovery.Lost > 0)
        {
            Console.Error.WriteLine($"FAILED: {proximityMismatches} proximity and {venueMismatches} venue cases differ from the baseline, {recovery.Lost} acknowledged observations lost in recovery.");
            return 1;
        }
        return 0;
    }

    /// <summary>
    /// The recovery child: reopens the store, ingests and commits (acknowledges) more sightings of the case
    /// identifiers, writes a few more without committing, and waits for the parent to kill it.
    /// </summary>
    public static async Task<int> RecoverChildAsync(string[] args)
    {
        var options = EngineRunOptions.Parse(args);
        var data = new SyntheticData(options.Observations, options.Visits, options.Cases, options.Seed, Math.Min(options.Observations, options.BaselineMax));
        var open = Stopwatch.StartNew();
        var engine = EngineAdapter.Open(StoreFor(options), SyntheticData.Now);
        Console.WriteLine(FormattableString.Invariant($"OPENED {open.Elapsed.TotalSeconds}"));
        for (var i = 0; i < CrashAcknowledged + CrashUnacknowledged; i++)
        {
            var batch = data.CrashBatch(i, out _);
            var observer = SyntheticData.CrashObserver(i);
            engine.Ingest(SyntheticData.DeviceUserId(observer), observer, $"crash-{i}", batch);
            if (i < CrashAcknowledged)
            {
                await engine.CommitAsync();
                Console.WriteLine(FormattableString.Invariant($"ACK {i}"));
            }
        }
        Console.WriteLine("DIE");
        Console.Out.Flush();
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static async Task<(double Seconds, double CleanReopenSeconds, int Checked, int Lost, Dictionary<string, object> Split)> RecoverAsync(EngineRunOptions options, SyntheticData data, EngineOptions store)
    {
        using var child = BenchChild.Start("engine-recover", options.ToArguments());
        var acknowledged = new List<int>();
        var cleanReopen = double.NaN;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("OPENED ", StringComparison.Ordinal))
                cleanReopen = double.Parse(line[7..], CultureInfo.InvariantCulture);
            else if (line.StartsWith("ACK ", StringComparison.Ordinal))
                acknowledged.Add(int.Parse(line[4..], CultureInfo.InvariantCulture));
            else if (line == "DIE")
                break;
        }
        child.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no checkpoint
        await child.WaitForExitAsync();
        if (acknowledged.Count != CrashAcknowledged)
            throw new InvalidOperationException($"The recovery child acknowledged {acknowledged.Count} of {CrashAcknowledged} batches (exit code {child.ExitCode}).");

        var expected = new Dictionary<string, List<PlantedSighting>>();
        foreach (var sighting in data.Planted.Concat(acknowledged.SelectMany(i => { data.CrashBatch(i, out var planted); return planted; })))
        {
            var key = System.Convert.ToHexString(sighting.Rpi);
            if (!expected.TryGetValue(key, out var list))
                expected[key] = list = [];
            list.Add(sighting);
        }

        var clock = Stopwatch.StartNew();
        var engine = EngineAdapter.Open(store, SyntheticData.Now);
        var opened = clock.Elapsed;
        if (engine.SightingsOf(data.Planted[0].Rpi).Length == 0)
            throw new InvalidOperationException("The first lookup after recovery found nothing.");
        var seconds = clock.Elapsed.TotalSeconds;
        Log($"recovery split: open {engine.Recovery} (process start excluded); first lookup {seconds - opened.TotalSeconds:F2} s");
        var split = new Dictionary<string, object>
        {
            ["open_seconds"] = opened.TotalSeconds,
            ["general_store_seconds"] = engine.Recovery.GeneralStore.TotalSeconds,
            ["observation_days_seconds"] = engine.Recovery.ObservationDays.TotalSeconds,
            ["observation_log_to_replay_bytes"] = engine.Recovery.ObservationLogToReplay,
            ["scans_seconds"] = engine.Recovery.Scans.TotalSeconds,
            ["first_lookup_seconds"] = seconds - opened.TotalSeconds,
        };

        int checkedCount = 0, lost = 0;
        foreach (var (_, list) in expected)
        {
            var stored = engine.SightingsOf(list[0].Rpi).ToList();
            foreach (var s in list)
            {
                checkedCount++;
                var index = stored.FindIndex(o => o.Observer == s.Observer && o.SeenAt == s.SeenAt && o.DurationSeconds == s.DurationSeconds && o.Attenuation == s.Attenuation);
                if (index < 0)
                    lost++;
                else
                    stored.RemoveAt(index);
            }
        }
        await engine.DisposeAsync();
        return (seconds, cleanReopen, checkedCount, lost, split);
    }

    private static EngineOptions StoreFor(EngineRunOptions options)
        => EngineAdapter.SizedFor(options.DataDirectory, options.Observations, 2L * options.Visits, SyntheticData.Days, (options.Visits / 5) + 100_000);

    private sealed record IngestMeasure(double Seconds, long AllocatedBytes, double CatchUpSeconds, double CpuSeconds);

    /// <summary>
    /// Ingests batches [0, batches) from <paramref name="threads"/> threads, in chunks generated beforehand so that
    /// only ingestion is timed (wall time of each chunk, summed).
    /// </summary>
    private static IngestMeasure Ingest(SyntheticData data, int batches, int threads, Action<int, List<ReportedObservation>> ingest, Action? catchUp = null)
    {
        double seconds = 0, catchUpSeconds = 0;
        var cpu = TimeSpan.Zero;
        long allocated = 0;
        for (var first = 0; first < batches; first += ChunkBatches)
        {
            var end = Math.Min(batches, first + ChunkBatches);
            var chunk = new List<ReportedObservation>[end - first];
            Parallel.For(first, end, b => chunk[b - first] = data.Batch(b));
            var next = first - 1;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
            {
                int b;
                while ((b = Interlocked.Increment(ref next)) < end)
                    ingest(b, chunk[b - first]);
            })).ToList();
            workers.ForEach(t => t.Start());
            workers.ForEach(t => t.Join());
            seconds += clock.Elapsed.TotalSeconds;
            if (catchUp is not null)
            {
                // Let background work finish here, timed, so it gets no free time while the next chunk is generated.
                clock.Restart();
                catchUp();
                catchUpSeconds += clock.Elapsed.TotalSeconds;
            }
            cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            allocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        }
        return new IngestMeasure(seconds, allocated, catchUpSeconds, cpu.TotalSeconds);
    }

    private sealed record ScanMeasure(long Scans, double Seconds, double RegistrationSeconds, long AllocatedBytes);

    /// <summary>Registers the venues and people, then records every visit's in-scan and out-scan from several threads.</summary>
    private static async Task<(uint[] People, uint[] Venues, ScanMeasure Scans)> LoadVisitsAsync(EngineAdapter engine, SyntheticData data, int threads)
    {
        var registration = Stopwatch.StartNew();
        var manager = engine.RegisterDevice();
        var venues = new uint[data.Venues];
        var venueInfos = new VenueInfo[data.Venues];
        for (var v = 0; v < data.Venues; v++)
        {
            venueInfos[v] = engine.RegisterVenue(new VenueRegistration
            {
                Name = $"Venue {v}",
                ProvinceCode = "01",
                DistrictCode = "001",
                WardCode = "00001",
                StreetAddress = $"{v} Tràng Tiền",
                RegistrantName = "Nguyễn Văn A",
                RegistrantPhone = "0966323000",
            }, manager.UserId);
            venues[v] = venueInfos[v].Number;
        }
        var people = new Person[data.People];
        for (var p = 0; p < data.People; p++)
            people[p] = engine.RegisterDevice();
        await engine.CommitAsync();
        registration.Stop();

        long scans = 0;
        var next = -1;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            int p;
            while ((p = Interlocked.Increment(ref next)) < people.Length)
            {
                var person = people[p];
                var i = 0;
                foreach (var visit in data.VisitsOf(p))
                {
                    var venue = venueInfos[visit.Venue];
                    engine.Record(new ScanCommand(person.UserId, $"s{p}-{i}-in", person, venue, DateTimeOffset.FromUnixTimeSeconds(visit.In), ScanDirection.In, ScanMethod.Self, 0));
                    engine.Record(new ScanCommand(person.UserId, $"s{p}-{i}-out", person, venue, DateTimeOffset.FromUnixTimeSeconds(visit.Out), ScanDirection.Out, ScanMethod.Self, 0));
                    i++;
                    Interlocked.Add(ref scans, 2);
                }
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        await engine.CommitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return (people.Select(p => p.Number).ToArray(), venues, new ScanMeasure(scans, seconds, registration.Elapsed.TotalSeconds, allocated));
    }

    /// <param name="Collections">Garbage collections (any generation) while the cases ran.</param>
    /// <param name="SlowestWithCollection">Of the slowest 2 % of cases (those the p99 falls among), how many a collection ran during.</param>
    private sealed record CaseMeasure(double P50, double P99, double Mean, long AllocatedBytes, long Found, List<MatchedContact>[] Results, int Collections, int SlowestWithCollection);

    /// <summary>Runs a match for every case after a warm-up; latencies in ms, allocation per case on this thread.</summary>
    private static CaseMeasure MeasureCases(int cases, Func<int, List<MatchedContact>> match)
    {
        for (var c = 0; c < Math.Min(WarmUpCases, cases); c++)
            match(c);
        var times = new double[cases];
        var results = new List<MatchedContact>[cases];
        var collected = new bool[cases];
        long allocated = 0, found = 0;
        var collectionsBefore = GC.CollectionCount(0);
        for (var c = 0; c < cases; c++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var collections = GC.CollectionCount(0);
            var start = Stopwatch.GetTimestamp();
            results[c] = match(c);
            times[c] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            collected[c] = GC.CollectionCount(0) != collections;
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            found += results[c].Count;
        }
        var slowest = Enumerable.Range(0, cases).OrderByDescending(c => times[c]).Take(Math.Max(1, cases / 50)).Count(c => collected[c]);
        return new CaseMeasure(Percentile(times, 0.50), Percentile(times, 0.99), times.Average(), allocated / cases, found, results, GC.CollectionCount(0) - collectionsBefore, slowest);
    }

    /// <summary>The proximity match taken apart: deriving a case's 2,016 identifiers, and looking them up.</summary>
    private static (double DeriveP50, double LookupP50, long LookupAllocated) MeasureLookups(EngineAdapter engine, SyntheticData data)
    {
        using var deriver = new IdentifierDeriver();
        var rpis = new byte[SyntheticData.Days * ExposureKeyCrypto.IntervalsPerKey * ExposureKeyCrypto.IdentifierLength];
        var derive = new double[data.Cases];
        var lookup = new double[data.Cases];
        long allocated = 0;
        for (var round = 0; round < 2; round++)
        {
            for (var c = 0; c < data.Cases; c++)
            {
                var keys = data.KeysOf(c);
                var start = Stopwatch.GetTimestamp();
                for (var k = 0; k < keys.Count; k++)
                    deriver.DeriveIdentifiers(keys[k].KeyData, keys[k].RollingStartInterval, keys[k].RollingPeriod, rpis.AsSpan(k * 144 * 16, 144 * 16));
                derive[c] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                var before = GC.GetAllocatedBytesForCurrentThread();
                start = Stopwatch.GetTimestamp();
                var hits = 0;
                for (var i = 0; i < rpis.Length; i += 16)
                    hits += engine.SightingsOf(rpis.AsSpan(i, 16)).Length;
                lookup[c] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (round == 1)
                    allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                GC.KeepAlive(hits);
            }
        }
        return (Percentile(derive, 0.5), Percentile(lookup, 0.5), allocated / data.Cases);
    }

    /// <summary>Counts the cases whose engine and baseline contacts differ, printing the first few; fails loudly on proximity.</summary>
    private static int Compare(string what, List<MatchedContact>[] engine, List<MatchedContact>[] baseline)
    {
        var mismatches = 0;
        for (var c = 0; c < engine.Length; c++)
        {
            static List<(uint, uint, long, long, long)> Normal(List<MatchedContact> list)
                => list.Select(x => (x.Person, x.Venue, x.Start, x.End, (long)Math.Round(x.WeightedMinutes * 120))).Order().ToList();
            var e = Normal(engine[c]);
            var b = Normal(baseline[c]);
            if (e.SequenceEqual(b))
                continue;
            mismatches++;
            if (mismatches <= 3)
            {
                Console.Error.WriteLine($"MISMATCH {what} case {c}: engine {e.Count} contacts, baseline {b.Count}");
                Console.Error.WriteLine($"  engine only:   {string.Join(", ", e.Except(b).Take(5))}");
                Console.Error.WriteLine($"  baseline only: {string.Join(", ", b.Except(e).Take(5))}");
            }
        }
        Log(mismatches == 0 ? $"check {what}: engine == baseline for all {engine.Length} cases" : $"CHECK FAILED {what}: {mismatches} of {engine.Length} cases differ");
        return mismatches;
    }

    /// <summary>The value below which a fraction <paramref name="q"/> of the values lie (nearest rank).</summary>
    internal static double Percentile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Resident set size (after a full compacting GC) and GC heap size, in bytes.</summary>
    private static (long Rss, long Heap) Memory()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        long rss = Environment.WorkingSet;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                rss = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        return (rss, heap);
    }

    private static long DirectorySize(string directory)
        => new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    /// <summary>
    /// The bytes the disk holds for <paramref name="paths"/> (blocks allocated, as <c>du</c> counts them): a log whose
    /// start was discarded keeps its length, but the discarded part holds no block.
    /// </summary>
    internal static long DiskBytes(params string[] paths)
    {
        if (paths.Length == 0)
            return 0;
        var du = new ProcessStartInfo("du", ["-s", "-c", "-B1", .. paths]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(du) ?? throw new InvalidOperationException("du did not start");
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        return long.Parse(lines[^1].Split('\t')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>The disk's bytes by kind of store: observation days, scan days, partitions' batch ids, and the rest (the general store).</summary>
    private static Dictionary<string, long> DiskParts(string directory)
    {
        var partitions = Path.Combine(directory, "partitions");
        string[] Kind(string kind) => System.IO.Directory.Exists(partitions)
            ? System.IO.Directory.GetDirectories(partitions).Select(p => Path.Combine(p, kind)).Where(System.IO.Directory.Exists).ToArray()
            : [];
        var parts = new Dictionary<string, long>
        {
            ["observations"] = DiskBytes(Kind("observations")),
            ["scans"] = DiskBytes(Kind("scans")),
            ["batch_ids"] = DiskBytes(Kind("batches")),
        };
        parts["general_store"] = DiskBytes(directory) - parts.Values.Sum();
        return parts;
    }

    internal static Dictionary<string, object> Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? ""
            : "";
        return new Dictionary<string, object>
        {
            ["cores"] = Environment.ProcessorCount,
            ["memory_bytes"] = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            ["cpu"] = cpu,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["os"] = RuntimeInformation.OSDescription,
            ["gc"] = GCSettings.IsServerGC ? "server" : "workstation",
        };
    }

    private static string ResultsDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tracing.Bench.csproj")))
                return Path.Combine(dir.FullName, "results");
            if (File.Exists(Path.Combine(dir.FullName, "bench", "Tracing.Bench.csproj")))
                return Path.Combine(dir.FullName, "bench", "results");
        }
        return Path.Combine(Environment.CurrentDirectory, "results");
    }

    private static void PrintTable(Dictionary<string, object?> r)
    {
        string F(object? value, string format) => value is double d ? d.ToString(format, CultureInfo.InvariantCulture) : value?.ToString() ?? "—";
        var rows = new (string Name, string Engine, string Baseline, string Ratio)[]
        {
            ("ingest until readable (observations/s)", F(r["ingest_observations_per_second_until_readable"], "N0"), F(r["baseline_ingest_observations_per_second"], "N0"), F(r["ratio_ingest_until_readable"], "F2") + "×"),
            ("  … acknowledged (log durable, not yet readable)", F(r["ingest_observations_per_second"], "N0"), F(r["baseline_ingest_observations_per_second"], "N0"), F(r["ratio_ingest_observations_per_second"], "F2") + "×"),
            ("proximity match p50 (ms)", F(r["proximity_match_p50_ms"], "F3"), F(r["baseline_proximity_match_p50_ms"], "F3"), F(r["ratio_proximity_match_p50"], "F2") + "×"),
            ("proximity match p99 (ms)", F(r["proximity_match_p99_ms"], "F3"), F(r["baseline_proximity_match_p99_ms"], "F3"), F(r["ratio_proximity_match_p99"], "F2") + "×"),
            ("venue match p50 (ms)", F(r["venue_match_p50_ms"], "F3"), F(r["baseline_venue_match_p50_ms"], "F3"), F(r["ratio_venue_match_p50"], "F2") + "×"),
            ("venue match p99 (ms)", F(r["venue_match_p99_ms"], "F3"), F(r["baseline_venue_match_p99_ms"], "F3"), F(r["ratio_venue_match_p99"], "F2") + "×"),
            ("bytes/observation, store", F(r["bytes_per_observation_store"], "F1"), "—", "—"),
            ("bytes/observation, memory", F(r["bytes_per_observation_memory"], "F1") + " (RSS)", F(r["baseline_bytes_per_observation_memory"], "F1") + " (GC heap)", F(r["ratio_bytes_per_observation_memory"], "F2") + "×"),
            ("bytes/observation, disk", F(r["bytes_per_observation_disk"], "F1"), "—", "—"),
            ("recovery after kill -9 (s)", F(r["recovery_seconds"], "F2"), "—", "—"),
        };
        Console.WriteLine();
        Console.WriteLine($"{"",-48} {"engine",14} {"baseline",14} {"ratio",8}");
        foreach (var row in rows)
            Console.WriteLine($"{row.Name,-48} {row.Engine,14} {row.Baseline,14} {row.Ratio,8}");
        Console.WriteLine($"(ratio: how many times better the engine is; baseline over {F(r["baseline_observations"], "N0")} observations{((bool)r["baseline_capped"]! ? ", capped by --baseline-max" : "")})");
        Console.WriteLine();
    }

    internal static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
