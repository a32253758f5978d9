using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Tracing.Bench.Engine;
using Tracing.Clients;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Bench.E2e;

/// <summary>
/// Door scanners through <c>StreamScans</c>: the gates of 8 large venues (a market, factories) each stream their
/// controller scans of visitors' personal QR codes — in and out, over the last days — one stream per gate. Every scan
/// is distinct and answered; the rate counts scans answered (recorded durably) per second. A gate either sends each
/// scan as it happens (<see cref="ScanDelivery.AsTheyHappen"/>) or delivers a backlog (<see cref="ScanDelivery.Backlog"/>).
/// </summary>
internal sealed class ScanLoad(LoopbackServer server, LoadSenders senders, int scans, ScanDelivery delivery)
{
    private const int Gates = 8;
    private const int Visitors = 20_000;
    private const int Days = 10;

    /// <summary>CPU per scan over the timed part (the server's process and the scanners'), once <see cref="RunAsync"/> has run.</summary>
    public double CpuMicroseconds { get; private set; }

    public async Task<double> RunAsync()
    {
        using var anonymous = TracingClient.Anonymous(server.GrpcAddress);
        var manager = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "bench-gate" });
        var gates = Enumerable.Range(0, Gates).Select(g => server.Engine.Venues.Register(new VenueRegistration
        {
            Name = $"Cổng {g + 1} chợ đầu mối",
            ProvinceCode = "79",
            DistrictCode = "760",
            WardCode = "26734",
            StreetAddress = $"{g + 1} Nguyễn Huệ",
            RegistrantName = "Trần Thị B",
            RegistrantPhone = "0966323001",
        }, manager.UserId).VenueId).ToArray();
        var visitors = Enumerable.Range(0, Visitors).Select(_ => server.Qr.ForPerson(server.Engine.People.RegisterDevice().UserId).Payload).ToArray();
        await server.Engine.CommitAsync();

        var prefix = delivery == ScanDelivery.Backlog ? "b" : "s";
        var perGate = Enumerable.Range(0, Gates).Select(g => Encode(g, gates[g], visitors, prefix: prefix)).ToList();
        await senders.PrepareScansAsync(server.GrpcAddress, manager.AccessToken, delivery, Encode(0, gates[0], visitors, count: 2, prefix: "warm"), perGate);

        var cpu = new CpuMeter();
        var clock = Stopwatch.StartNew();
        var (answered, scannersCpu) = await senders.SendAsync();
        var perSecond = answered / clock.Elapsed.TotalSeconds;
        if (answered != perGate.Sum(r => r.Count))
            throw new InvalidOperationException($"{perGate.Sum(r => r.Count)} scans sent, {answered} answered");
        CpuMicroseconds = cpu.MicrosecondsPer(answered) + (scannersCpu.TotalMicroseconds / answered);
        var how = delivery == ScanDelivery.Backlog ? $"backlogs, {BatchedScanStream.ScansPerWrite} scans per write" : "one scan per write";
        EngineRun.Log($"server scans (StreamScans, {Gates} gate streams, {how}, answered = durable): {perSecond:N0} scans/s, {CpuMicroseconds:F1} µs CPU each");
        return perSecond;
    }

    /// <summary>Gate <paramref name="gate"/>'s share of the scans: visitors in and out, a minute to hours apart, over the last days.</summary>
    private List<byte[]> Encode(int gate, string venueId, string[] visitors, int? count = null, string prefix = "s")
    {
        var random = new Random(gate);
        var requests = new List<byte[]>();
        var now = SyntheticData.Now.ToUnixTimeSeconds();
        var visits = (count ?? scans / Gates) / 2;
        for (var v = 0; v < visits; v++)
        {
            var visitor = visitors[random.Next(visitors.Length)];
            var arrived = now - random.Next(1, Days * 86_400);
            var left = Math.Min(now - 1, arrived + random.Next(60, 4 * 3600));
            requests.Add(Scan($"{prefix}{gate}-{v}-in", venueId, visitor, Direction.In, arrived));
            requests.Add(Scan($"{prefix}{gate}-{v}-out", venueId, visitor, Direction.Out, left));
        }
        return requests;
    }

    private static byte[] Scan(string id, string venueId, string visitor, Direction direction, long at) => EncodedCalls.Encode(new StreamScansRequest
    {
        Scan = new ScanRequest
        {
            ClientEventId = id,
            VenueId = venueId,
            SubjectQrPayload = visitor,
            Direction = direction,
            ScannedAt = new Timestamp { Seconds = at },
            Method = ScanMethod.Controller,
        },
    });
}

/// <summary>How a door scanner sends its scans.</summary>
internal enum ScanDelivery
{
    /// <summary>Each scan as it happens, through the generated client: one HTTP/2 DATA frame and one flush per scan.</summary>
    AsTheyHappen,

    /// <summary>A backlog (a scanner back online, a gate's batch), many scans' gRPC messages per write.</summary>
    Backlog,
}
