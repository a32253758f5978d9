using Google.Protobuf.WellKnownTypes;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Cli.Demo;

internal sealed partial class CityScript
{
    private const int MaxPageSize = 10_000;

    // Bounds the partner's catch-up on a server with a long history (10,000 × 1,000 notifications).
    private const int MaxCatchUpPages = 1_000;

    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(200);

    private string HealthHint =>
        $"check --health-key ({_options.HealthKey}): it must be a health-department key of province {ProvinceCode} in the server's Auth:ApiKeys" + DevelopmentKeysNote;

    private string PartnerHint =>
        $"check --partner-key ({_options.PartnerKey}): it must be a partner key of province {ProvinceCode} in the server's Auth:ApiKeys" + DevelopmentKeysNote;

    private const string DevelopmentKeysNote = " (the dev-* keys come from appsettings.Development.json: run the server with ASPNETCORE_ENVIRONMENT=Development)";

    private async Task<string> CatchUpPartnerAsync(TracingClient partner, CancellationToken cancellationToken)
    {
        _out.WriteLine($"5. The partner system of province {ProvinceCode} catches up on older notifications, then An is reported.");
        Begin("letting the partner catch up on older notifications", PartnerHint);
        long skipped = 0;
        string token = await FetchPagesAsync(partner, "", _ => skipped++, cancellationToken).ConfigureAwait(false);

        _out.WriteLine(skipped == 0
            ? "   the partner has no earlier notifications"
            : $"   the partner skipped {skipped} earlier notifications and resumes after token {token}");
        return token;
    }

    /// <summary>
    /// Pages through the partner's feed from <paramref name="token"/> to its end, resuming from each page's token
    /// as a partner would (nothing is fetched twice, at most <see cref="MaxCatchUpPages"/> pages); returns the
    /// token to resume from next time.
    /// </summary>
    private async Task<string> FetchPagesAsync(TracingClient partner, string token, Action<ExposureNotification> onNotification, CancellationToken cancellationToken)
    {
        for (int page = 0; page < MaxCatchUpPages; page++)
        {
            FetchNotificationsResponse response = await partner.Exposures.FetchNotificationsAsync(
                new FetchNotificationsRequest { AfterToken = token, MaxResults = MaxPageSize, ProvinceCode = ProvinceCode },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (ExposureNotification notification in response.Notifications)
            {
                onNotification(notification);
            }

            bool advanced = !string.IsNullOrEmpty(response.NextToken) && response.NextToken != token;
            if (advanced)
            {
                token = response.NextToken;
            }

            if (response.Notifications.Count == 0 || !advanced)
            {
                break;
            }
        }

        return token;
    }

    private async Task<string> ReportCaseAsync(TracingClient health, CancellationToken cancellationToken)
    {
        Begin("reporting An as a case", HealthHint);
        var report = new ReportCaseRequest
        {
            UserId = _an.UserId,
            TestDate = Timestamp.FromDateTimeOffset(_now),
            SymptomOnsetDate = Timestamp.FromDateTimeOffset(_now.AddDays(-1)),
            ReportType = ReportType.ConfirmedTest,
        };
        ReportCaseResponse reported = await health.Cases.ReportCaseAsync(report, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(reported.CaseId) || string.IsNullOrEmpty(reported.VerificationCode))
        {
            throw new CityScriptException(_step, "ReportCase answered without a case_id or verification_code.");
        }

        _out.WriteLine(
            $"   the health department reports An (tested today, symptoms since yesterday): case {reported.CaseId}, " +
            $"infectious {FormatDay(reported.InfectiousFrom)} to {FormatDay(reported.InfectiousUntil)}, " +
            $"{reported.ExposuresFound} exposures found from An's visits, verification code {reported.VerificationCode}");

        Begin("uploading An's diagnosis keys", "An's access token or the verification code was refused: codes are single-use and expire after 15 minutes");

        // The phone uploads the key of every day of the infectious window (at most the 14 days GAEN keeps).
        DateTimeOffset from = reported.InfectiousFrom?.ToDateTimeOffset() ?? _now.AddDays(-3);
        DateTimeOffset oldest = _now.AddDays(-14);
        IReadOnlyList<DiagnosisKey> keys = _an.Device.GetDiagnosisKeys(from < oldest ? oldest : from > _now ? _now : from, _now);
        var upload = new UploadDiagnosisKeysRequest { VerificationCode = reported.VerificationCode };
        upload.Keys.AddRange(keys);
        UploadDiagnosisKeysResponse uploaded = await _an.SignedIn.Cases.UploadDiagnosisKeysAsync(upload, cancellationToken: cancellationToken).ConfigureAwait(false);
        _out.WriteLine(
            $"   An's phone uploads its {keys.Count} daily keys with the code: {uploaded.KeysAccepted} accepted, " +
            $"{uploaded.ExposuresFound} exposures found by Bluetooth");
        _out.WriteLine();
        return reported.CaseId;
    }

    private async Task<IReadOnlyList<Exposure>> ReadTracingReportAsync(TracingClient health, string caseId, CancellationToken cancellationToken)
    {
        _out.WriteLine($"6. The health department reads the tracing report of case {caseId}.");
        Begin("reading the tracing report", HealthHint);
        var expected = Expectations.Select(e => e.Exposure).ToHashSet();
        DateTime deadline = DateTime.UtcNow + _options.SettleTimeout;
        GetTracingReportResponse report;
        while (true)
        {
            // Matching may finish after the calls that started it: read again until the report settles.
            report = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = caseId }, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (expected.SetEquals(Classify(report.Exposures.Select(e => (e.UserId, e.Tier, e.Kind)))) || DateTime.UtcNow >= deadline)
            {
                break;
            }

            await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
        }

        if (report.Exposures.Count == 0)
        {
            _out.WriteLine("   nobody exposed");
        }

        foreach (Exposure exposure in report.Exposures.OrderBy(e => e.Tier).ThenBy(e => e.Start?.ToDateTimeOffset()))
        {
            var classified = new CityExposure(NameOf(exposure.UserId), exposure.Tier, exposure.Kind);
            string where = exposure.Kind == ExposureKind.Venue ? $"at {VenueName(exposure.VenueName, exposure.VenueId)}" : "by Bluetooth";
            string phone = string.IsNullOrEmpty(exposure.Phone) ? "" : $", phone {CityText.Phone(exposure.Phone)}";
            _out.WriteLine(
                $"   {classified.Person,-5} {CityText.Tier(exposure.Tier)} {CityText.Kind(exposure.Kind),-9} {where}, " +
                $"{CityText.Window(exposure.Start, exposure.End)}, {CityText.Minutes(exposure.WeightedMinutes)} weighted minutes, " +
                $"risk {exposure.RiskScore}{phone}");
            string? reason = Reason(classified);
            if (reason is not null)
            {
                _out.WriteLine($"         why: {reason}");
            }
        }

        _out.WriteLine();
        return report.Exposures;
    }

    private async Task<(IReadOnlyList<ExposureNotification> Notifications, string NextToken)> FetchPartnerNotificationsAsync(
        TracingClient partner, string token, CancellationToken cancellationToken)
    {
        _out.WriteLine($"7. The partner system fetches the new notifications of province {ProvinceCode}.");
        Begin("fetching the partner's notifications", PartnerHint);
        var expected = Expectations.Select(e => e.Exposure).ToHashSet();
        var ours = new List<ExposureNotification>();
        long others = 0;
        DateTime deadline = DateTime.UtcNow + _options.SettleTimeout;
        while (true)
        {
            token = await FetchPagesAsync(
                partner,
                token,
                notification =>
                {
                    if (IsInScript(notification.UserId))
                    {
                        ours.Add(notification);
                    }
                    else
                    {
                        others++;
                    }
                },
                cancellationToken).ConfigureAwait(false);

            if (expected.SetEquals(Classify(ours.Select(n => (n.UserId, n.Tier, n.Kind)))) || DateTime.UtcNow >= deadline)
            {
                break;
            }

            await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
        }

        if (ours.Count == 0)
        {
            _out.WriteLine("   no notifications about the script's residents");
        }

        foreach (ExposureNotification n in ours)
        {
            string where = n.Kind == ExposureKind.Venue ? $"at {VenueName(n.VenueName, n.VenueId)}" : "by Bluetooth";
            _out.WriteLine(
                $"   {n.NotificationId}: {NameOf(n.UserId),-5} {CityText.Tier(n.Tier)} {CityText.Kind(n.Kind),-9} {where}, " +
                $"{CityText.Window(n.Start, n.End)}, {CityText.Minutes(n.WeightedMinutes)} weighted minutes, risk {n.RiskScore}, province {n.ProvinceCode}");
        }

        if (others > 0)
        {
            _out.WriteLine($"   (and {others} notifications about people outside this script, from other activity on the server)");
        }

        _out.WriteLine($"   next_token: {(string.IsNullOrEmpty(token) ? "(none)" : token)}");
        _out.WriteLine();
        return (ours, token);
    }

    private void WriteVerdict(CityScriptResult result)
    {
        _out.WriteLine("8. Expected alerts next to what the server found.");
        _out.WriteLine($"   {"",-34} {"tracing report",-15} partner");
        var rows = result.Expected.Union(result.Found).Union(result.PartnerFound).ToList();
        rows.Sort();
        foreach (CityExposure row in rows)
        {
            string label = result.Expected.Contains(row) ? row.ToString() : $"{row} (unexpected)";
            _out.WriteLine($"   {label,-34} {Mark(result.Found.Contains(row)),-15} {Mark(result.PartnerFound.Contains(row))}");
        }

        _out.WriteLine($"   {NotExposedReason}.");
        _out.WriteLine();
        if (result.Matches)
        {
            _out.WriteLine("OK: exactly Bình, Chi and Phúc (F1) and Em (F2) were alerted, in the tracing report and at the partner.");
            return;
        }

        _out.WriteLine("MISMATCH: " + string.Join("; ", new[]
        {
            Describe("missing from the tracing report", result.Missing),
            Describe("unexpected in the tracing report", result.Unexpected),
            Describe("not notified to the partner", result.PartnerMissing),
            Describe("unexpected at the partner", result.PartnerUnexpected),
        }.Where(part => part.Length > 0)));

        static string Mark(bool present) => present ? "yes" : "no";

        static string Describe(string what, IReadOnlyList<CityExposure> exposures) =>
            exposures.Count == 0 ? "" : $"{what}: {string.Join(", ", exposures)}";
    }

    private bool IsInScript(string userId) =>
        userId == _manager.UserId || Array.Exists(_residents, r => r.UserId == userId);

    private static string? Reason(CityExposure exposure)
    {
        foreach ((CityExposure expected, string reason) in Expectations)
        {
            if (expected == exposure)
            {
                return reason;
            }
        }

        return null;
    }

    private static string VenueName(string name, string venueId) => string.IsNullOrEmpty(name) ? $"venue {Rpc.VenueCodes.Shown(venueId)}" : name;

    private static string FormatDay(Timestamp? time) =>
        time is null ? "?" : time.ToDateTimeOffset().ToLocalTime().ToString("dd/MM HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
