using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Crash;

/// <summary>
/// Checks a restarted server against the observers' and scanners' logs: a case's keys must find every acknowledged
/// batch once (its observer with 20 weighted minutes per batch, none doubled), each venue's scan history must hold
/// every acknowledged scan once, and each scanner's visits every acknowledged in/out pair once. The door's history
/// must hold every acknowledged manual entry once, with the visitor the server created for it (name and phone, as the
/// health department sees them), and each declarant's latest declaration must be their last acknowledged one.
/// </summary>
internal static class RecoveryAudit
{
    private const int ProblemsKept = 10;

    public static Task<AuditResult> RunAsync(ChildServer server, CrashCast cast, IReadOnlyList<ScannerLog> scanners)
        => RunAsync(server.GrpcAddress, () => server.SinceStart, cast, scanners);

    /// <summary>The audit through the server (or any silo of a cluster) at <paramref name="address"/>; times are read from <paramref name="clock"/>.</summary>
    public static async Task<AuditResult> RunAsync(string address, Func<TimeSpan> clock, CrashCast cast, IReadOnlyList<ScannerLog> scanners)
    {
        var problems = new List<string>();
        using var manager = TracingClient.ForCitizen(address, cast.ManagerToken);

        // The first read: the newest acknowledged scan, as soon as the server serves.
        var firstRead = TimeSpan.Zero;
        if (scanners.LastOrDefault(s => s.Acknowledged > 0) is { } newest)
        {
            var at = newest.ScanAt(newest.Acknowledged - 1);
            var found = await HistoryAsync(manager, newest.VenueId, at, at);
            firstRead = clock();
            if (found.Count != 1)
                problems.Add($"the newest acknowledged scan ({at:u} at {newest.VenueId}) was found {found.Count} times");
        }

        var (batches, caseMatch) = await CheckBatchesAsync(address, clock, cast, problems);
        var scans = await CheckScansAsync(manager, scanners, problems);
        var visits = await CheckVisitsAsync(address, scanners, problems);
        var manual = await CheckManualEntriesAsync(address, cast.DoorClerk, problems);
        var declarations = await CheckDeclarationsAsync(address, cast.Declarants, problems);
        return new AuditResult
        {
            BatchesChecked = batches.Checked,
            LostBatches = batches.Lost,
            DuplicatedBatches = batches.Duplicated,
            TornBatches = batches.Torn,
            ScansChecked = scans.Checked,
            LostScans = scans.Lost,
            DuplicatedScans = scans.Duplicated,
            UnknownScans = scans.Unknown,
            VisitsChecked = visits.Checked,
            LostVisits = visits.Lost,
            DuplicatedVisits = visits.Duplicated,
            ManualEntriesChecked = manual.Checked,
            LostManualEntries = manual.Lost,
            DuplicatedManualEntries = manual.Duplicated,
            DeclarationsChecked = declarations.Checked,
            LostDeclarations = declarations.Lost,
            StartToFirstRead = firstRead,
            StartToCaseMatch = caseMatch,
            Problems = problems.Take(ProblemsKept).ToList(),
        };
    }

    /// <summary>A new device reported as a case uploads the case phone's keys; its tracing report lists every observer found.</summary>
    private static async Task<((int Checked, int Lost, int Duplicated, int Torn) Counts, TimeSpan CaseMatch)> CheckBatchesAsync(string address, Func<TimeSpan> clock, CrashCast cast, List<string> problems)
    {
        using var anonymous = TracingClient.Anonymous(address);
        using var health = anonymous.WithApiKey(ChildServer.HealthKey);
        var report = await CasePhone.ReportAndUploadAsync(anonymous, health, cast, "crash");
        var caseMatch = clock();
        var tracing = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = report.CaseId });
        var minutes = tracing.Exposures.Where(e => e.Kind == ExposureKind.Proximity).GroupBy(e => e.UserId).ToDictionary(g => g.Key, g => g.Sum(e => e.WeightedMinutes));
        int checkedCount = 0, lost = 0, duplicated = 0, torn = 0;
        foreach (var observer in cast.Observers)
        {
            var acknowledged = observer.Acknowledged;
            var attempted = observer.Attempted;
            checkedCount += acknowledged;
            var stored = minutes.GetValueOrDefault(observer.UserId) / CrashCast.MinutesPerBatch;
            var whole = (int)Math.Round(stored);
            if (Math.Abs(stored - whole) > 0.001)
            {
                torn++;
                problems.Add($"observer {observer.Number}: {stored * CrashCast.MinutesPerBatch:F2} weighted minutes is not a whole number of batches");
            }
            if (whole < acknowledged)
            {
                lost += acknowledged - whole;
                problems.Add($"observer {observer.Number}: {whole} batches stored, {acknowledged} acknowledged");
            }
            else if (whole > attempted)
            {
                duplicated += whole - attempted;
                problems.Add($"observer {observer.Number}: {whole} batches stored, only {attempted} sent");
            }
        }
        return ((checkedCount, lost, duplicated, torn), caseMatch);
    }

    private static async Task<(int Checked, int Lost, int Duplicated, int Unknown)> CheckScansAsync(TracingClient manager, IReadOnlyList<ScannerLog> scanners, List<string> problems)
    {
        int checkedCount = 0, lost = 0, duplicated = 0, unknown = 0;
        foreach (var scanner in scanners)
        {
            var acknowledged = scanner.Acknowledged;
            var sent = scanner.Sent;
            checkedCount += acknowledged;
            var copies = new int[scanner.Planned];
            foreach (var record in await HistoryAsync(manager, scanner.VenueId, scanner.From, scanner.ScanAt(scanner.Planned - 1)))
            {
                var index = (int)(record.ScannedAt.ToDateTimeOffset() - scanner.From).TotalSeconds;
                if (index < 0 || index >= sent || record.Direction != ScannerLog.DirectionOf(index))
                {
                    unknown++;
                    problems.Add($"{scanner.VenueId}: a {record.Direction} scan at {record.ScannedAt} was never sent");
                    continue;
                }
                copies[index]++;
            }
            for (var i = 0; i < copies.Length; i++)
            {
                if (copies[i] > 1)
                {
                    duplicated += copies[i] - 1;
                    problems.Add($"{scanner.VenueId}: scan {i} is in the history {copies[i]} times");
                }
                else if (copies[i] == 0 && i < acknowledged)
                {
                    lost++;
                    problems.Add($"{scanner.VenueId}: acknowledged scan {i} is not in the history");
                }
            }
        }
        return (checkedCount, lost, duplicated, unknown);
    }

    private static async Task<(int Checked, int Lost, int Duplicated)> CheckVisitsAsync(string address, IReadOnlyList<ScannerLog> scanners, List<string> problems)
    {
        int checkedCount = 0, lost = 0, duplicated = 0;
        foreach (var scanner in scanners)
        {
            using var person = TracingClient.ForCitizen(address, scanner.AccessToken);
            var visits = (await person.CheckIn.ListMyVisitsAsync(new ListMyVisitsRequest())).Visits
                .Where(v => v.VenueId == scanner.VenueId)
                .GroupBy(v => v.Start.ToDateTimeOffset())
                .ToDictionary(g => g.Key, g => g.ToList());
            foreach (var (start, same) in visits)
            {
                if (same.Count > 1)
                {
                    duplicated += same.Count - 1;
                    problems.Add($"{scanner.VenueId}: the visit from {start:u} is listed {same.Count} times");
                }
            }
            var acknowledged = scanner.Acknowledged;
            for (var i = 0; i + 1 < acknowledged; i += 2)
            {
                checkedCount++;
                var (start, end) = (scanner.ScanAt(i), scanner.ScanAt(i + 1));
                if (!visits.TryGetValue(start, out var same) || !same.Any(v => v.ScannedOut && v.End.ToDateTimeOffset() == end))
                {
                    lost++;
                    problems.Add($"{scanner.VenueId}: the acknowledged visit {start:u} – {end:u} is missing");
                }
            }
        }
        return (checkedCount, lost, duplicated);
    }

    /// <summary>
    /// Every acknowledged manual entry is in the door's history once, and shows the visitor it created: a visitor lost
    /// from the general store shows no name, or (their number given again to someone else) another person's.
    /// </summary>
    private static async Task<(int Checked, int Lost, int Duplicated)> CheckManualEntriesAsync(string address, DoorClerkLog clerk, List<string> problems)
    {
        var acknowledged = clerk.Acknowledged;
        if (clerk.Sent == 0)
            return (0, 0, 0);
        using var anonymous = TracingClient.Anonymous(address);
        using var health = anonymous.WithApiKey(ChildServer.HealthKey);
        var from = clerk.EnteredAt(0)!.Value;
        var to = clerk.EnteredAt(clerk.Sent - 1)!.Value;
        var rows = (await HistoryAsync(health, clerk.VenueId, from, to))
            .GroupBy(r => (r.VisitorName, r.VisitorPhone))
            .ToDictionary(g => g.Key, g => g.Count());
        int lost = 0, duplicated = 0;
        for (var i = 0; i < acknowledged; i++)
        {
            var copies = rows.GetValueOrDefault((clerk.NameOf(i), clerk.PhoneOf(i)));
            if (copies == 0)
            {
                lost++;
                problems.Add($"{clerk.VenueId}: acknowledged manual entry {i} ({clerk.NameOf(i)}, {clerk.PhoneOf(i)}) is not in the history with its visitor");
            }
            else if (copies > 1)
            {
                duplicated += copies - 1;
                problems.Add($"{clerk.VenueId}: manual entry {i} is in the history {copies} times");
            }
        }
        return (acknowledged, lost, duplicated);
    }

    /// <summary>Each declarant's latest declaration is the last acknowledged one (or the one sent after it).</summary>
    private static async Task<(int Checked, int Lost)> CheckDeclarationsAsync(string address, IReadOnlyList<DeclarantLog> declarants, List<string> problems)
    {
        int checkedCount = 0, lost = 0;
        foreach (var declarant in declarants)
        {
            using var person = TracingClient.ForCitizen(address, declarant.AccessToken);
            var status = await person.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest());
            checkedCount += declarant.Acknowledged;
            if (!declarant.Holds(status.DeclarationId))
            {
                lost++;
                problems.Add($"declarant {declarant.Number}: the latest declaration is '{status.DeclarationId}', not the last of {declarant.Acknowledged} acknowledged");
            }
        }
        return (checkedCount, lost);
    }

    /// <summary>A venue's scan history between two times (both included), every page.</summary>
    private static async Task<List<ScanRecord>> HistoryAsync(TracingClient manager, string venueId, DateTimeOffset from, DateTimeOffset to)
    {
        var records = new List<ScanRecord>();
        var pageToken = "";
        do
        {
            using var call = manager.CheckIn.ListScanHistory(new ListScanHistoryRequest
            {
                VenueIds = { venueId },
                From = Timestamp.FromDateTimeOffset(from),
                To = Timestamp.FromDateTimeOffset(to),
                PageToken = pageToken,
            });
            pageToken = "";
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                records.Add(response.Scan);
                if (response.NextPageToken.Length > 0)
                    pageToken = response.NextPageToken;
            }
        }
        while (pageToken.Length > 0);
        return records;
    }
}
