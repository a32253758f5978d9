using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Crash;

/// <summary>
/// The people and places a crash run writes for, registered once on the first server: phones that keep hearing one
/// case phone (each batch a 20-minute encounter in its own slot of the last days), a venue manager who registers
/// a venue for every door scanner, and the case phone whose keys a health department uploads to find them all.
/// </summary>
internal sealed class CrashCast
{
    /// <summary>Minutes of the case phone heard in every batch, at 55 dB (weight 1.0): enough to make an F1 on its own.</summary>
    public const int MinutesPerBatch = 20;

    private const int FillerSets = 16;
    private readonly List<ContactObservation>[] _fillers;

    private CrashCast(int seed, DateTimeOffset now, IReadOnlyList<ObserverLog> observers, string managerToken, int fillerPerBatch)
    {
        CasePhone = new SimulatedPhone(seed);
        Now = now;
        HeardFrom = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-5);
        Observers = observers;
        ManagerToken = managerToken;
        MaxSlots = (int)((now.AddHours(-3) - HeardFrom).TotalMinutes / MinutesPerBatch);
        var random = new Random(seed);
        _fillers = new List<ContactObservation>[FillerSets];
        for (var f = 0; f < FillerSets; f++)
            _fillers[f] = Filler(random, fillerPerBatch);
    }

    /// <summary>The phone everyone hears; its keys find every stored batch.</summary>
    public SimulatedPhone CasePhone { get; }

    /// <summary>When the run began (to the minute).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The start of the first encounter slot (a UTC midnight five days back).</summary>
    public DateTimeOffset HeardFrom { get; }

    /// <summary>Encounter slots per observer (they end three hours before the run began).</summary>
    public int MaxSlots { get; }

    public IReadOnlyList<ObserverLog> Observers { get; }

    public string ManagerToken { get; }

    /// <summary>Registers <paramref name="observers"/> anonymous devices and a venue manager signed in by OTP.</summary>
    /// <param name="fillerPerBatch">Observations of unrelated phones added to every batch, for load.</param>
    public static async Task<CrashCast> CreateAsync(string address, string dataDir, int observers, int seed, int fillerPerBatch)
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
        var now = DateTimeOffset.UtcNow;
        return new CrashCast(seed, new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero), devices, manager.AccessToken, fillerPerBatch);
    }

    /// <summary>A new door scanner: an anonymous device scanning a new venue's code, <paramref name="scans"/> times a second apart.</summary>
    public async Task<ScannerLog> NewScannerAsync(string address, int number, int scans)
    {
        using var manager = TracingClient.ForCitizen(address, ManagerToken);
        var venue = (await manager.Venues.RegisterVenueAsync(new RegisterVenueRequest
        {
            Name = $"Cổng {number}, Chợ Bến Thành",
            ProvinceCode = "79",
            DistrictCode = "760",
            WardCode = "26734",
            StreetAddress = "Lê Lợi, Bến Thành",
            RegistrantName = "Nguyễn Văn Quản",
            RegistrantPhone = "0901234567",
        })).Venue;
        var device = await manager.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "crash" });
        // Each scanner has a venue and a person of its own, so its scans and visits are told apart from the others'.
        return new ScannerLog(device.AccessToken, venue.VenueId, venue.QrPayload, Now.AddHours(-1).AddSeconds(-scans), scans);
    }

    /// <summary>Batch <paramref name="slot"/> of an observer: the case phone heard for 20 minutes in that slot, and the filler.</summary>
    public ContactBatch Batch(ObserverLog observer, int slot)
    {
        var heard = CasePhone.HeardFor(SlotStart(slot), TimeSpan.FromMinutes(MinutesPerBatch), rssi: -60, txPower: -5);
        var batch = new ContactBatch { BatchId = $"slot-{slot}" };
        batch.Observations.Add(heard);
        batch.Observations.Add(_fillers[(observer.Number + slot) % FillerSets]);
        return batch;
    }

    /// <summary>The case phone's keys for every day of the slots, as its owner uploads them.</summary>
    public IReadOnlyList<DiagnosisKey> CaseKeys() => CasePhone.GetDiagnosisKeys(HeardFrom, Now);

    private DateTimeOffset SlotStart(int slot) => HeardFrom.AddMinutes(MinutesPerBatch * slot);

    /// <summary>Unrelated phones heard yesterday (random identifiers: they never match the case's).</summary>
    private List<ContactObservation> Filler(Random random, int count)
    {
        var list = new List<ContactObservation>(count);
        var yesterday = HeardFrom.AddDays(4);
        for (var i = 0; i < count; i++)
        {
            var rpi = new byte[16];
            random.NextBytes(rpi);
            list.Add(new ContactObservation
            {
                Rpi = Google.Protobuf.ByteString.CopyFrom(rpi),
                SeenAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(yesterday.AddSeconds(random.Next(86_400))),
                DurationSeconds = (uint)random.Next(60, 600),
                Rssi = -random.Next(50, 90),
                TxPower = -5,
            });
        }
        return list;
    }
}
