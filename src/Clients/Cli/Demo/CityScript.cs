using Grpc.Core;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Cli.Demo;

/// <summary>
/// A small scripted city run against a live server: a venue manager registers two venues, six residents check in
/// and carry phones, the health department reports An as a case, and the script checks that exactly Bình, Chi and
/// Phúc (F1) and Em (F2) are alerted, in the tracing report and in the partner's notifications.
/// </summary>
/// <remarks>
/// Every run makes fresh people, venues and keys, so runs against the same server do not disturb each other.
/// Times are relative to the start of the run (T) and all lie in the past few hours, sent as explicit
/// <c>scanned_at</c> / <c>seen_at</c>.
/// </remarks>
internal sealed partial class CityScript
{
    /// <summary>The province, district and ward everything happens in (Hồ Chí Minh City, Quận 1).</summary>
    public const string ProvinceCode = "79";

    /// <inheritdoc cref="ProvinceCode"/>
    public const string DistrictCode = "760";

    /// <inheritdoc cref="ProvinceCode"/>
    public const string WardCode = "26734";

    private readonly CityScriptOptions _options;
    private readonly TextWriter _out;
    private readonly DateTimeOffset _now;
    private readonly Resident _manager;
    private readonly Resident _an;
    private readonly Resident _binh;
    private readonly Resident _chi;
    private readonly Resident _dung;
    private readonly Resident _em;
    private readonly Resident _phuc;
    private readonly Resident[] _residents;
    private CityStep _step = new("starting", "");

    /// <summary>A script that runs against <see cref="CityScriptOptions.Server"/> and narrates to <paramref name="output"/>.</summary>
    public CityScript(CityScriptOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        _options = options;
        _out = output;

        // Whole minutes keep the narrated times exact.
        DateTimeOffset now = DateTimeOffset.UtcNow;
        _now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

        // Fresh phone numbers per run: the server may rate-limit OTPs per phone, and old declarations stay apart.
        _manager = new Resident("Hòa", "Trương Thị Hòa", 1975, Gender.Female, RandomPhoneNumber());
        _an = new Resident("An", "Nguyễn Văn An", 1988, Gender.Male, RandomPhoneNumber());
        _binh = new Resident("Bình", "Trần Thị Bình", 1992, Gender.Female, RandomPhoneNumber());
        _chi = new Resident("Chi", "Lê Minh Chi", 1995, Gender.Female, RandomPhoneNumber());
        _dung = new Resident("Dũng", "Phạm Quốc Dũng", 1979, Gender.Male, RandomPhoneNumber());
        _em = new Resident("Em", "Hoàng Thị Em", 2001, Gender.Female, RandomPhoneNumber());
        _phuc = new Resident("Phúc", "Võ Hồng Phúc", 1985, Gender.Male, RandomPhoneNumber());
        _residents = [_an, _binh, _chi, _dung, _em, _phuc];
    }

    /// <summary>The exposures the script is built to cause, each with the reason in words.</summary>
    public static IReadOnlyList<(CityExposure Exposure, string Reason)> Expectations { get; } =
    [
        (new CityExposure("Bình", Tier.F1, ExposureKind.Venue), "at Quán Phở Hòa while An was there"),
        (new CityExposure("Chi", Tier.F1, ExposureKind.Venue), "arrived at Quán Phở Hòa 10 minutes after An left, inside the 30-minute linger"),
        (new CityExposure("Phúc", Tier.F1, ExposureKind.Proximity), "20 minutes within a metre or so of An (attenuation 55 dB, weight 1.0)"),
        (new CityExposure("Em", Tier.F2, ExposureKind.Venue), "at Siêu thị Co.op Quận 1 with Bình, after Bình's own exposure"),
    ];

    /// <summary>Why the one resident left out is not exposed.</summary>
    public const string NotExposedReason =
        "Dũng should not be alerted: he came to Quán Phở Hòa an hour after An left (outside the linger) and heard An's phone only faintly (80 dB, weight 0) for 10 minutes";

    /// <summary>Runs the whole script and returns what was expected and what the server found.</summary>
    /// <exception cref="CityScriptException">A step failed; <see cref="Exception.InnerException"/> is usually the server's <see cref="RpcException"/>.</exception>
    public async Task<CityScriptResult> RunAsync(CancellationToken cancellationToken = default)
    {
        using TracingClient anonymous = TracingClient.Anonymous(_options.Server);
        try
        {
            _out.WriteLine($"Tracing demo against {_options.Server}; now is {CityText.Time(_now)} (T), everything below happened in the last hours.");
            _out.WriteLine();

            var venues = await OpenVenuesAsync(anonymous, cancellationToken).ConfigureAwait(false);
            await RegisterResidentsAsync(anonymous, cancellationToken).ConfigureAwait(false);
            await VisitVenuesAsync(venues.Pho, venues.Supermarket, cancellationToken).ConfigureAwait(false);
            await ExchangeBluetoothAsync(cancellationToken).ConfigureAwait(false);

            using TracingClient health = anonymous.WithApiKey(_options.HealthKey);
            using TracingClient partner = anonymous.WithApiKey(_options.PartnerKey);
            string partnerToken = await CatchUpPartnerAsync(partner, cancellationToken).ConfigureAwait(false);
            string caseId = await ReportCaseAsync(health, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<Exposure> report = await ReadTracingReportAsync(health, caseId, cancellationToken).ConfigureAwait(false);
            (IReadOnlyList<ExposureNotification> notifications, string nextToken) =
                await FetchPartnerNotificationsAsync(partner, partnerToken, cancellationToken).ConfigureAwait(false);

            var result = new CityScriptResult
            {
                Expected = Expectations.Select(e => e.Exposure).ToHashSet(),
                Found = Classify(report.Select(e => (e.UserId, e.Tier, e.Kind))),
                PartnerFound = Classify(notifications.Select(n => (n.UserId, n.Tier, n.Kind))),
                CaseId = caseId,
                Report = report,
                PartnerNotifications = notifications,
                PartnerNextToken = nextToken,
                UserIds = _residents.Append(_manager).ToDictionary(r => r.Name, r => r.UserId),
            };
            WriteVerdict(result);
            return result;
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            throw new CityScriptException(_step, $"{e.StatusCode}: {CityText.OneLine(e.Status.Detail)}", e);
        }
        catch (TimeoutException e)
        {
            throw new CityScriptException(_step, e.Message, e);
        }
    }

    private void Begin(string doing, string credentialHint = "the access token from VerifyOtp/RegisterDevice was refused; check the server's Auth settings") =>
        _step = new CityStep(doing, credentialHint);

    private string NameOf(string userId)
    {
        foreach (Resident resident in _residents)
        {
            if (resident.UserId == userId)
            {
                return resident.Name;
            }
        }

        return _manager.UserId == userId ? _manager.Name : $"user {userId} (not in the script)";
    }

    // A person exposed several ways counts once, at the strongest tier; F1s are not also listed as F2.
    private HashSet<CityExposure> Classify(IEnumerable<(string UserId, Tier Tier, ExposureKind Kind)> exposures)
    {
        var all = exposures.Select(e => new CityExposure(NameOf(e.UserId), e.Tier, e.Kind)).ToList();
        var strongest = new Dictionary<string, Tier>();
        foreach (CityExposure exposure in all)
        {
            if (!strongest.TryGetValue(exposure.Person, out Tier tier) || exposure.Tier < tier)
            {
                strongest[exposure.Person] = exposure.Tier;
            }
        }

        return all.Where(e => e.Tier == strongest[e.Person]).ToHashSet();
    }

    private static string RandomPhoneNumber()
    {
        // Viettel, MobiFone and VinaPhone mobile prefixes: 10 digits in all.
        ReadOnlySpan<string> prefixes = ["096", "097", "098", "090", "093", "091", "094"];
        string prefix = prefixes[Random.Shared.Next(prefixes.Length)];
        return prefix + Random.Shared.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
    }
}
