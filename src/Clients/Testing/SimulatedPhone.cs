using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tracing.Matching.Crypto;
using Tracing.V1;

namespace Tracing.Clients;

/// <summary>
/// A phone's Bluetooth side as the GAEN v1.2 specification has it: a random temporary exposure key (TEK) per day and
/// the rolling proximity identifier (RPI) it broadcasts in each 10-minute interval. For demos and tests: it yields the
/// observations a nearby phone would upload, and the diagnosis keys this phone uploads when it becomes a case.
/// </summary>
/// <remarks>Thread-safe. Keys are made the first time a day is asked about and kept for the phone's lifetime.</remarks>
public sealed class SimulatedPhone
{
    /// <summary>GAEN metadata version 1.0 (major version in the two high bits), the first metadata byte.</summary>
    private const byte MetadataVersion = 0b0100_0000;

    private readonly Lock _lock = new();
    private readonly SortedDictionary<uint, DailyKey> _keys = [];
    private readonly Random? _random;

    /// <summary>A phone whose keys come from the cryptographic random number generator.</summary>
    public SimulatedPhone()
    {
    }

    /// <summary>A phone whose keys are reproducible from <paramref name="seed"/> (for tests; not secret).</summary>
    public SimulatedPhone(int seed) => _random = new Random(seed);

    /// <summary>The first instant of interval number <paramref name="interval"/> (unix seconds / 600).</summary>
    public static DateTimeOffset IntervalStart(uint interval) =>
        DateTimeOffset.FromUnixTimeSeconds((long)interval * ExposureKeyCrypto.IntervalSeconds);

    /// <summary>The key in use at <paramref name="time"/>, as uploaded to the server: its day's first interval and 144 intervals.</summary>
    public DiagnosisKey GetDiagnosisKey(DateTimeOffset time) => GetDailyKey(time).ToDiagnosisKey();

    /// <summary>Every key this phone has held so far, oldest first.</summary>
    public IReadOnlyList<DiagnosisKey> GetDiagnosisKeys()
    {
        lock (_lock)
        {
            var keys = new List<DiagnosisKey>(_keys.Count);
            foreach (DailyKey key in _keys.Values)
            {
                keys.Add(key.ToDiagnosisKey());
            }

            return keys;
        }
    }

    /// <summary>The keys of every day from <paramref name="from"/> to <paramref name="to"/> (inclusive), oldest first, made as needed.</summary>
    public IReadOnlyList<DiagnosisKey> GetDiagnosisKeys(DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        var keys = new List<DiagnosisKey>();
        uint last = DayStart(ExposureKeyCrypto.IntervalNumber(to));
        for (uint day = DayStart(ExposureKeyCrypto.IntervalNumber(from)); day <= last; day += ExposureKeyCrypto.IntervalsPerKey)
        {
            keys.Add(GetDailyKey(day).ToDiagnosisKey());
        }

        return keys;
    }

    /// <summary>The 16-byte rolling proximity identifier this phone broadcasts at <paramref name="time"/>.</summary>
    public byte[] GetRollingProximityIdentifier(DateTimeOffset time)
    {
        uint interval = ExposureKeyCrypto.IntervalNumber(time);
        return GetDailyKey(time).Identifier(interval).ToArray();
    }

    /// <summary>The 4-byte associated encrypted metadata broadcast with the identifier at <paramref name="time"/>.</summary>
    /// <param name="time">When the identifier was broadcast.</param>
    /// <param name="txPower">The transmit power level carried in the metadata, dBm.</param>
    public byte[] GetAssociatedEncryptedMetadata(DateTimeOffset time, int txPower)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(txPower, sbyte.MinValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(txPower, sbyte.MaxValue);
        uint interval = ExposureKeyCrypto.IntervalNumber(time);
        DailyKey key = GetDailyKey(time);
        ReadOnlySpan<byte> metadata = [MetadataVersion, (byte)(sbyte)txPower, 0, 0];
        byte[] aem = new byte[ExposureKeyCrypto.MetadataLength];
        ExposureKeyCrypto.EncryptMetadata(key.TemporaryExposureKey, key.Identifier(interval), metadata, aem);
        return aem;
    }

    /// <summary>
    /// What a phone nearby uploads after hearing this phone from <paramref name="from"/> for <paramref name="duration"/>:
    /// one observation per 10-minute interval, seen when the interval's identifier was first heard, lasting until it
    /// rotated or the encounter ended (at most 600 s).
    /// </summary>
    /// <param name="from">When the encounter began.</param>
    /// <param name="duration">How long it lasted.</param>
    /// <param name="rssi">Received signal strength at the listener, dBm.</param>
    /// <param name="txPower">Transmit power of this phone, dBm (attenuation = tx power − RSSI).</param>
    public IReadOnlyList<ContactObservation> HeardFor(DateTimeOffset from, TimeSpan duration, int rssi, int txPower)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var observations = new List<ContactObservation>();
        DateTimeOffset end = from + duration;
        DateTimeOffset seen = from;
        while (seen < end)
        {
            uint interval = ExposureKeyCrypto.IntervalNumber(seen);
            DateTimeOffset rotation = IntervalStart(interval + 1);
            DateTimeOffset until = rotation < end ? rotation : end;
            uint seconds = (uint)Math.Round((until - seen).TotalSeconds);
            if (seconds > 0)
            {
                observations.Add(new ContactObservation
                {
                    Rpi = ByteString.CopyFrom(GetRollingProximityIdentifier(seen)),
                    Aem = ByteString.CopyFrom(GetAssociatedEncryptedMetadata(seen, txPower)),
                    SeenAt = Timestamp.FromDateTimeOffset(seen),
                    DurationSeconds = seconds,
                    Rssi = rssi,
                    TxPower = txPower,
                });
            }

            seen = until;
        }

        return observations;
    }

    private static uint DayStart(uint interval) => interval / ExposureKeyCrypto.IntervalsPerKey * ExposureKeyCrypto.IntervalsPerKey;

    private DailyKey GetDailyKey(DateTimeOffset time) => GetDailyKey(DayStart(ExposureKeyCrypto.IntervalNumber(time)));

    private DailyKey GetDailyKey(uint dayStart)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(dayStart, out DailyKey? key))
            {
                byte[] tek = new byte[ExposureKeyCrypto.KeyLength];
                if (_random is null)
                {
                    RandomNumberGenerator.Fill(tek);
                }
                else
                {
                    _random.NextBytes(tek);
                }

                key = new DailyKey(tek, dayStart);
                _keys.Add(dayStart, key);
            }

            return key;
        }
    }

    /// <summary>One day's key and the identifiers of all its intervals, derived once.</summary>
    private sealed class DailyKey
    {
        private readonly byte[] _identifiers = new byte[ExposureKeyCrypto.IntervalsPerKey * ExposureKeyCrypto.IdentifierLength];

        public DailyKey(byte[] temporaryExposureKey, uint startInterval)
        {
            TemporaryExposureKey = temporaryExposureKey;
            StartInterval = startInterval;
            ExposureKeyCrypto.DeriveIdentifiers(temporaryExposureKey, startInterval, ExposureKeyCrypto.IntervalsPerKey, _identifiers);
        }

        public byte[] TemporaryExposureKey { get; }

        public uint StartInterval { get; }

        public ReadOnlySpan<byte> Identifier(uint interval) =>
            _identifiers.AsSpan((int)(interval - StartInterval) * ExposureKeyCrypto.IdentifierLength, ExposureKeyCrypto.IdentifierLength);

        public DiagnosisKey ToDiagnosisKey() => new()
        {
            KeyData = ByteString.CopyFrom(TemporaryExposureKey),
            RollingStartIntervalNumber = checked((int)StartInterval),
            RollingPeriod = ExposureKeyCrypto.IntervalsPerKey,
        };
    }
}
