using Google.Protobuf.WellKnownTypes;
using Tracing.V1;

namespace Tracing.Cli.Demo;

internal sealed partial class CityScript
{
    private async Task VisitVenuesAsync(Venue pho, Venue supermarket, CancellationToken cancellationToken)
    {
        _out.WriteLine("3. Check-ins: each resident's app scans the venue's QR code on the way in and out.");

        // Bình and Chi leave Quán Phở Hòa early enough that their own 30-minute lingers end before Dũng arrives
        // at T−3h: Dũng must owe nothing to anyone, so the script's verdict on him is unambiguous.
        var visits = new List<(Resident Who, Venue Where, Direction Direction, DateTimeOffset At)>();
        void Visit(Resident who, Venue where, TimeSpan arrive, TimeSpan leave)
        {
            visits.Add((who, where, Direction.In, _now - arrive));
            visits.Add((who, where, Direction.Out, _now - leave));
        }

        Visit(_an, pho, TimeSpan.FromHours(5), TimeSpan.FromHours(4));
        Visit(_binh, pho, TimeSpan.FromMinutes(270), TimeSpan.FromMinutes(220));
        Visit(_chi, pho, TimeSpan.FromMinutes(230), TimeSpan.FromMinutes(215));
        Visit(_dung, pho, TimeSpan.FromHours(3), TimeSpan.FromMinutes(150));
        Visit(_binh, supermarket, TimeSpan.FromHours(2), TimeSpan.FromHours(1));
        Visit(_em, supermarket, TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(30));
        visits.Sort((a, b) => a.At.CompareTo(b.At));

        foreach ((Resident who, Venue where, Direction direction, DateTimeOffset at) in visits)
        {
            string way = direction == Direction.In ? "in" : "out";
            Begin($"scanning {who.Name} {way} at {where.Name}");
            var scan = new ScanRequest
            {
                ClientEventId = "demo-" + Guid.NewGuid().ToString("N"),
                QrPayload = where.QrPayload,
                Direction = direction,
                ScannedAt = Timestamp.FromDateTimeOffset(at),
                Method = ScanMethod.Self,
            };
            ScanResponse response = await who.SignedIn.CheckIn.ScanAsync(scan, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (response.Status == ScanStatus.Rejected)
            {
                throw new CityScriptException(_step, $"the server rejected the scan: {CityText.OneLine(response.Message)}");
            }

            string status = response.Status switch
            {
                ScanStatus.Accepted => "accepted",
                ScanStatus.DeclarationRequired => "recorded, but the server asks for a health declaration (one was filed: check its validity)",
                _ => response.Status.ToString(),
            };
            string venueName = string.IsNullOrEmpty(response.VenueName) ? where.Name : response.VenueName;
            _out.WriteLine($"   {CityText.Time(at)}  {who.Name,-5} {way,-4} {venueName,-22} {status}");
        }

        _out.WriteLine();
    }
}
