using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tracing.Bench.E2e;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Bench.Cluster;

/// <summary>
/// The cluster run's load, encoded before any clock starts and sent the same to every deployment: Bluetooth batches
/// of <see cref="ObservationsPerBatch"/> observations from <see cref="Devices"/> phones, each batch hearing one of the
/// case phones for a few minutes among unrelated phones; and door scans (self scans of venue QR codes, in and out).
/// </summary>
internal sealed class ClusterLoadData
{
    public const int Devices = 64;
    public const int ObservationsPerBatch = 500;
    /// <summary>Minutes of a case phone each batch heard (at 55 dB: an F1 contact on its own).</summary>
    public const int HeardMinutes = 20;

    private ClusterLoadData(DateTimeOffset now, List<byte[]>[] batchesByDevice, SimulatedPhone[] casePhones, long observations)
    {
        Now = now;
        BatchesByDevice = batchesByDevice;
        CasePhones = casePhones;
        Observations = observations;
    }

    /// <summary>The data's "now" (the servers run on the real clock): every sighting and scan is before it.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Device d's encoded <c>UploadContactsRequest</c>s, in order.</summary>
    public List<byte[]>[] BatchesByDevice { get; }

    /// <summary>The phones reported as cases; batch b of every device heard phone b mod their count.</summary>
    public SimulatedPhone[] CasePhones { get; }

    /// <summary>Observations in all batches.</summary>
    public long Observations { get; }

    /// <summary>The window the sightings fall in: two days, ending three hours ago.</summary>
    public DateTimeOffset HeardFrom => Now.AddHours(-51);

    public static ClusterLoadData Create(long observations, int cases, int seed)
    {
        var now = DateTimeOffset.UtcNow;
        now = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var random = new Random(seed);
        var casePhones = Enumerable.Range(0, cases).Select(c => new SimulatedPhone(seed * 1000 + c)).ToArray();
        var batches = (int)(observations / ObservationsPerBatch);
        var byDevice = Enumerable.Range(0, Devices).Select(_ => new List<byte[]>()).ToArray();
        var from = now.AddHours(-51);
        var rpi = new byte[16];
        for (var b = 0; b < batches; b++)
        {
            var device = b % Devices;
            var batch = new ContactBatch { BatchId = $"d{device}-b{b}" };
            // A few minutes of a case phone, in a slot of the window drawn per batch.
            var heardAt = from.AddMinutes(random.Next(0, 48 * 60 - HeardMinutes));
            batch.Observations.Add(casePhones[b % cases].HeardFor(heardAt, TimeSpan.FromMinutes(HeardMinutes), rssi: -60, txPower: -5));
            while (batch.Observations.Count < ObservationsPerBatch)
            {
                random.NextBytes(rpi);
                batch.Observations.Add(new ContactObservation
                {
                    Rpi = ByteString.CopyFrom(rpi),
                    SeenAt = Timestamp.FromDateTimeOffset(from.AddSeconds(random.Next(0, 48 * 3600))),
                    DurationSeconds = (uint)random.Next(60, 600),
                    Rssi = -random.Next(50, 90),
                    TxPower = -5,
                });
            }
            byDevice[device].Add(EncodedCalls.Encode(new UploadContactsRequest { Batch = batch }));
        }
        return new ClusterLoadData(now, byDevice, casePhones, (long)batches * ObservationsPerBatch);
    }

    /// <summary>Scanner <paramref name="scanner"/>'s scans of the venue whose QR code is <paramref name="qrPayload"/>: in and out, a second apart per visit, over the last ten days.</summary>
    public List<byte[]> Scans(int scanner, string qrPayload, int count)
    {
        var requests = new List<byte[]>(count);
        var start = Now.AddDays(-10).ToUnixTimeSeconds() + scanner;
        for (var i = 0; i < count; i++)
        {
            requests.Add(EncodedCalls.Encode(new StreamScansRequest
            {
                Scan = new ScanRequest
                {
                    ClientEventId = $"s{scanner}-{i}",
                    QrPayload = qrPayload,
                    Direction = i % 2 == 0 ? Direction.In : Direction.Out,
                    // Ten days of scans, each a few seconds after the last.
                    ScannedAt = new Timestamp { Seconds = start + ((long)i * 10 * 86_400 / count) },
                    Method = ScanMethod.Self,
                },
            }));
        }
        return requests;
    }
}
