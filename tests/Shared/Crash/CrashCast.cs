using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Crash;

/// <summary>
/// The people and places a crash run writes for, registered once on the first server: phones that keep hearing one
/// case phone (each batch a 20-minute encounter in a slot of the two days before today), a venue manager who
/// registers a venue for every door scanner, and the case phone whose keys a health department uploads to find them.
/// Slots come round again in cycles, each heard a little closer (1 dB), so that no two batches hold the same sighting.
/// </summary>
internal sealed class CrashCast
{
    /// <summary>Minutes of the case phone heard in every batch, at 55 dB (weight 1.0): enough to make an F1 on its own.</summary>
    public const int MinutesPerBatch = 20;

    /// <summary>People declaring.</summary>
    private const int DeclarantCount = 4;

    /// <summary>Manual entries the door clerk means to type in over the whole run (more than any run reaches).</summary>
    private const int ManualEntriesPlanned = 1_000_000;

    /// <summary>Times the slots come round (the attenuation stays at or under 55 dB: weight 1.0).</summary>
    private const int Cycles = 10;

    private const int FillerSets = 16;
    private readonly List<ContactObservation>[] _fillers;
    private readonly int _slotsPerCycle;

    private CrashCast(int seed, DateTimeOffset now, IReadOnlyList<ObserverLog> observers, string managerToken, int fillerPerBatch, DoorClerkLog doorClerk, IReadOnlyList<DeclarantLog> declarants)
    {
        DoorClerk = doorClerk;
        Declarants = declarants;
        CasePhone = new SimulatedPhone(seed);
        Now = now;
        HeardFrom = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-2);
        Observers = observers;
        ManagerToken = managerToken;
        // Two days of slots, or fewer early in the day (a slot ends three hours before the run began at the latest).
        _slotsPerCycle = (int)Math.Min(2 * 24 * 60 / MinutesPerBatch, (now.AddHours(-3) - HeardFrom).TotalMinutes / MinutesPerBatch);
        MaxSlots = _slotsPerCycle * Cycles;
        var random = new Random(seed);
        _fillers = new List<ContactObservation>[FillerSets];
        for (var f = 0; f < FillerSets; f++)
            _fillers[f] = Filler(random, fillerPerBatch);
    }

    /// <summary>The phone everyone hears; its keys find every stored batch.</summary>
    public SimulatedPhone CasePhone { get; }

    /// <summary>When the run began (to the minute).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The start of the first encounter slot (the UTC midnight two days back).</summary>
    public DateTimeOffset HeardFrom { get; }

    /// <summary>Batches one observer can send (slots times cycles).</summary>
    public int MaxSlots { get; }

    public IReadOnlyList<ObserverLog> Observers { get; }

    public string ManagerToken { get; }

    /// <summary>The manager at the door of a venue of their own, typing in walk-in visitors (each a new person).</summary>
    public DoorClerkLog DoorClerk { get; }

    /// <summary>People filing health declarations, one after the other.</summary>
    public IReadOnlyList<DeclarantLog> Declarants { get; }

    /// <summary>Registers <paramref name="observers"/> anonymous devices and a venue manager signed in by OTP.</summary>
    /// <param name="fillerPerBatch">Observations of unrelated phones added to every batch, for load.</param>
    /// <param name="now">The cast's "now" (whole minutes): by default the current time; a second cast with the same seed and now sends the same batches.</param>
    public static async Task<CrashCast> CreateAsync(string address, string dataDir, int observers, int seed, int fillerPerBatch, DateTimeOffset? now = null)
    {
        using var anonymous = TracingClient.Anonymous(address);
        var devices = new List<ObserverLog>(observers);
        for (var i = 0; i < observers; i++)
        {
            var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "crash" });
            devices.Add(new ObserverLog(i, device.UserId, device.AccessToken));
        }
        var phone = $"0913{seed % 1_000_000:D6}";
        var manager = await anonymous.SignInWithOtpAsync(phone, new SmsOutbox(Path.Combine(dataDir, "outbox", "sms.jsonl")));
        using var managing = anonymous.WithAccessToken(manager.AccessToken);
        var door = (await managing.Venues.RegisterVenueAsync(VenueNamed("Quầy khai báo tay, Chợ Bến Thành", registrantPhone: phone))).Venue;
        var declarants = new List<DeclarantLog>();
        for (var i = 0; i < DeclarantCount; i++)
        {
            var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "crash" });
            declarants.Add(new DeclarantLog(i, device.AccessToken));
        }
        var at = now ?? DateTimeOffset.UtcNow;
        return new CrashCast(seed, new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero), devices, manager.AccessToken, fillerPerBatch, new DoorClerkLog(manager.AccessToken, door.VenueId, seed, ManualEntriesPlanned), declarants);
    }

    /// <summary>A new door scanner: an anonymous device scanning a new venue's code, <paramref name="scans"/> times a second apart.</summary>
    public async Task<ScannerLog> NewScannerAsync(string address, int number, int scans)
    {
        using var manager = TracingClient.ForCitizen(address, ManagerToken);
        var venue = (await manager.Venues.RegisterVenueAsync(VenueNamed($"Cổng {number}, Chợ Bến Thành", registrantPhone: ""))).Venue;
        var device = await manager.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "crash" });
        // Each scanner has a venue and a person of its own, so its scans and visits are told apart from the others'.
        return new ScannerLog(device.AccessToken, venue.VenueId, venue.QrPayload, Now.AddHours(-1).AddSeconds(-scans), scans);
    }

    /// <summary>A venue to register; the door's registrant is the manager themselves, who may then enter visitors there.</summary>
    private static RegisterVenueRequest VenueNamed(string name, string registrantPhone) => new()
    {
        Name = name,
        ProvinceCode = "79",
        DistrictCode = "760",
        WardCode = "26734",
        StreetAddress = "Lê Lợi, Bến Thành",
        RegistrantName = "Nguyễn Văn Quản",
        RegistrantPhone = registrantPhone,
    };

    /// <summary>Batch <paramref name="slot"/> of an observer: the case phone heard for 20 minutes (at 55 dB or closer), and the filler.</summary>
    public ContactBatch Batch(ObserverLog observer, int slot)
    {
        var cycle = slot / _slotsPerCycle;
        var heard = CasePhone.HeardFor(HeardFrom.AddMinutes(MinutesPerBatch * (slot % _slotsPerCycle)), TimeSpan.FromMinutes(MinutesPerBatch), rssi: -60 + cycle, txPower: -5);
        var batch = new ContactBatch { BatchId = $"slot-{slot}" };
        batch.Observations.Add(heard);
        batch.Observations.Add(_fillers[(observer.Number + slot) % FillerSets]);
        return batch;
    }

    /// <summary>The case phone's keys for every day of the slots, as its owner uploads them.</summary>
    public IReadOnlyList<DiagnosisKey> CaseKeys() => CasePhone.GetDiagnosisKeys(HeardFrom, Now);

    /// <summary>
    /// Unrelated phones heard over the last two days, as phones upload what they heard lately (random identifiers:
    /// they never match the case's).
    /// </summary>
    private List<ContactObservation> Filler(Random random, int count)
    {
        var list = new List<ContactObservation>(count);
        for (var i = 0; i < count; i++)
        {
            var rpi = new byte[16];
            random.NextBytes(rpi);
            list.Add(new ContactObservation
            {
                Rpi = Google.Protobuf.ByteString.CopyFrom(rpi),
                SeenAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Now.AddSeconds(-random.Next(3_600, 2 * 86_400))),
                DurationSeconds = (uint)random.Next(60, 600),
                Rssi = -random.Next(50, 90),
                TxPower = -5,
            });
        }
        return list;
    }
}
