using Google.Protobuf.WellKnownTypes;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.ClusterHarness;

/// <summary>
/// A venue where a person who later becomes a case spent an hour, with a few visitors there at the same time, each
/// scanning in and out (<c>Scan</c> with a client event id) through a silo of their own: the case's venue contacts.
/// </summary>
internal sealed class VenueGathering
{
    private VenueGathering(string caseUserId, Dictionary<string, string> names, DateTimeOffset at)
    {
        CaseUserId = caseUserId;
        Names = names;
        At = at;
    }

    /// <summary>The person to report as a case.</summary>
    public string CaseUserId { get; }

    /// <summary>Everyone there by user id: "case", "visitor 2".</summary>
    public Dictionary<string, string> Names { get; }

    /// <summary>When the case arrived.</summary>
    public DateTimeOffset At { get; }

    /// <summary>Registers the venue (by <paramref name="managerToken"/>) and the people, and records their scans.</summary>
    public static async Task<VenueGathering> CreateAsync(IReadOnlyList<string> addresses, string managerToken, DateTimeOffset at, int visitors)
    {
        using var manager = TracingClient.ForCitizen(addresses[0], managerToken);
        var venue = (await manager.Venues.RegisterVenueAsync(new RegisterVenueRequest
        {
            Name = "Quán cà phê Hẻm 12",
            ProvinceCode = "79",
            DistrictCode = "760",
            WardCode = "26734",
            StreetAddress = "12 Lê Lợi, Bến Thành",
            RegistrantName = "Nguyễn Văn Quản",
        })).Venue;
        var names = new Dictionary<string, string>();
        string? caseUserId = null;
        for (var p = 0; p <= visitors; p++)
        {
            var address = addresses[p % addresses.Count];
            using var anonymous = TracingClient.Anonymous(address);
            var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "cluster" });
            names[device.UserId] = p == 0 ? "case" : $"visitor {p}";
            caseUserId ??= device.UserId;
            using var person = anonymous.WithAccessToken(device.AccessToken);
            // The case stays an hour; visitor p arrives 5·p minutes after and stays 20 + 5·p minutes.
            var (arrive, leave) = p == 0 ? (at, at.AddHours(1)) : (at.AddMinutes(5 * p), at.AddMinutes(10 * p + 20));
            foreach (var (direction, time) in new[] { (Direction.In, arrive), (Direction.Out, leave) })
            {
                var answer = await person.CheckIn.ScanAsync(new ScanRequest
                {
                    ClientEventId = $"gathering-{direction}",
                    QrPayload = venue.QrPayload,
                    Direction = direction,
                    ScannedAt = Timestamp.FromDateTimeOffset(time),
                    Method = ScanMethod.Self,
                });
                if (answer.Status is not (ScanStatus.Accepted or ScanStatus.DeclarationRequired))
                    throw new InvalidOperationException($"the gathering's scan was answered {answer.Status}: {answer.Message}");
            }
        }
        return new VenueGathering(caseUserId!, names, at);
    }
}
