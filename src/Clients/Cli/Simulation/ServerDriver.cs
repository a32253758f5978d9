using Grpc.Core;
using Tracing.Cli.Rpc;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Cli.Simulation;

/// <summary>
/// Plays a simulated city into a running server as its people would: venue managers sign in by OTP and register
/// the venues; each person with the app registers a device and (most) file a health declaration; phones stream their
/// QR scans and upload what they heard over Bluetooth; the health department reports the cases, whose phones upload
/// their keys; finally the health department reads each tracing report — and, when asked, reports every F1 found as
/// REPORT_TYPE_RECURSIVE so that their phones' keys reveal F2s by proximity.
/// </summary>
internal sealed partial class ServerDriver(TracingClient health, SmsOutbox outbox, bool recursive, TextWriter progress, bool interactive)
{
    /// <summary>Where the venues are registered (Hồ Chí Minh City, Quận 1, Phường Tân Định).</summary>
    public const string ProvinceCode = "79";

    private const string DistrictCode = "760";
    private const string WardCode = "26734";
    private const int Parallelism = 8;

    private static readonly string[] s_familyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"];
    private static readonly string[] s_givenNames = ["An", "Bình", "Chi", "Dũng", "Em", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nam", "Phúc", "Quân", "Thảo", "Trang", "Tuấn"];

    /// <summary>Registers, uploads and reports everything of <paramref name="simulated"/>; returns what the server made of it.</summary>
    public async Task<ServerRun> DriveAsync(SimulatedCity simulated, CancellationToken cancellationToken)
    {
        using var anonymous = TracingClient.FromChannel(health.Channel);
        var run = new ServerRun
        {
            UserIds = new string?[simulated.City.People.Count],
            VenueIds = new string[simulated.City.Venues.Count],
        };
        var venues = await RegisterVenuesAsync(anonymous, simulated.City, run, cancellationToken).ConfigureAwait(false);
        var phones = await RegisterPeopleAsync(anonymous, simulated, run, cancellationToken).ConfigureAwait(false);
        try
        {
            await ScanAsync(simulated, phones, venues, run, cancellationToken).ConfigureAwait(false);
            await UploadContactsAsync(simulated, phones, run, cancellationToken).ConfigureAwait(false);
            await ReportCasesAsync(simulated, phones, run, cancellationToken).ConfigureAwait(false);
            await ReadReportsAsync(run, cancellationToken).ConfigureAwait(false);
            if (recursive)
                await ReportContactsAsync(simulated, phones, run, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var phone in phones)
                phone?.Client.Dispose();
        }

        return run;
    }

    private async Task<string[]> RegisterVenuesAsync(TracingClient anonymous, City city, ServerRun run, CancellationToken cancellationToken)
    {
        Say($"registering {city.Venues.Count} venues (one manager per category signs in by OTP) and fetching their QR posters");
        var payloads = new string[city.Venues.Count];
        var managers = new Dictionary<VenueCategory, (TracingClient Client, string Phone, string Name)>();
        try
        {
            foreach (var venue in Progress.Track(city.Venues, "venues", progress, interactive))
            {
                if (!managers.TryGetValue(venue.Category, out var manager))
                {
                    var phone = RandomPhoneNumber();
                    VerifyOtpResponse signedIn;
                    try
                    {
                        signedIn = await anonymous.SignInWithOtpAsync(phone, outbox, cancellationToken).ConfigureAwait(false);
                    }
                    catch (TimeoutException missing)
                    {
                        throw new UsageException(
                            $"không đọc được mã OTP trong hộp thư SMS thử nghiệm ({missing.Message}). Hãy ghi --data-dir (thư mục dữ liệu của máy chủ) hoặc --outbox <thư mục dữ liệu>/outbox/sms.jsonl.",
                            $"{missing.Message} Pass --data-dir (the server's data folder) or --outbox <the server's data dir>/outbox/sms.jsonl.");
                    }

                    manager = (anonymous.WithAccessToken(signedIn.AccessToken), phone, $"{s_familyNames[managers.Count % s_familyNames.Length]} Thị {s_givenNames[(managers.Count * 5) % s_givenNames.Length]}");
                    managers[venue.Category] = manager;
                }

                var response = await manager.Client.Venues.RegisterVenueAsync(
                    new RegisterVenueRequest
                    {
                        Name = venue.Name,
                        ProvinceCode = ProvinceCode,
                        DistrictCode = DistrictCode,
                        WardCode = WardCode,
                        StreetAddress = $"{10 + venue.Index} Đường Mô Phỏng",
                        RegistrantName = manager.Name,
                        RegistrantPhone = manager.Phone,
                        Category = venue.Category.ToString().ToLowerInvariant(),
                        Latitude = venue.Latitude,
                        Longitude = venue.Longitude,
                    },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                run.VenueIds[venue.Index] = response.Venue.VenueId;

                // The payload visitors scan is the one printed on the poster.
                var poster = await manager.Client.Venues.GetVenueQrCodeAsync(
                    new GetVenueQrCodeRequest { VenueId = response.Venue.VenueId, Format = QrFormat.Svg }, cancellationToken: cancellationToken).ConfigureAwait(false);
                payloads[venue.Index] = poster.Payload;
            }
        }
        finally
        {
            foreach (var manager in managers.Values)
                manager.Client.Dispose();
        }

        return payloads;
    }

    private async Task<SimulatedDevice?[]> RegisterPeopleAsync(TracingClient anonymous, SimulatedCity simulated, ServerRun run, CancellationToken cancellationToken)
    {
        var people = simulated.City.People.Where(p => p.HasApp).ToList();
        Say($"registering {people.Count} phones and their health declarations");
        var phones = new SimulatedDevice?[simulated.City.People.Count];
        try
        {
            await RegisterDevicesAsync(people, simulated, phones, anonymous, run, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException limited) when (limited.StatusCode == StatusCode.ResourceExhausted)
        {
            // A whole city registering from one address is a flood to a server that limits registrations per address.
            throw new UsageException(
                $"{limited.Readable()} Hãy chạy mô phỏng ngay trên máy chủ (lệnh gọi từ chính máy chủ không bị giới hạn theo địa chỉ), " +
                "hoặc chạy một máy chủ thử nghiệm với Tracing:Limits:DeviceRegistrationsPerAddress:PermitLimit=0.",
                $"{limited.Status.Detail} Run the simulation on the server's own host (its calls are not limited per address), " +
                "or start a test server with Tracing:Limits:DeviceRegistrationsPerAddress:PermitLimit=0.");
        }

        return phones;
    }

    private async Task RegisterDevicesAsync(List<Inhabitant> people, SimulatedCity simulated, SimulatedDevice?[] phones, TracingClient anonymous, ServerRun run, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            Progress.Track(people, "phones", progress, interactive),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (person, token) =>
            {
                var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "android 12 (tracing simulate)" }, cancellationToken: token).ConfigureAwait(false);
                var client = anonymous.WithAccessToken(device.AccessToken);
                // Keys from the cryptographic generator, fresh every run: a second run with the same seed on the same
                // server must not broadcast the first run's identifiers (the ground truth does not depend on them).
                phones[person.Index] = new SimulatedDevice(client, device.UserId, new SimulatedPhone());
                run.UserIds[person.Index] = device.UserId;
                if (person.Declares)
                    await client.Declarations.SubmitDeclarationAsync(Declaration(person, simulated.Options.End.Year), cancellationToken: token).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private static SubmitDeclarationRequest Declaration(Inhabitant person, int year) => new()
    {
        Kind = DeclarationKind.Domestic,
        FullName = $"{s_familyNames[person.Index % s_familyNames.Length]} Văn {s_givenNames[person.Index / s_familyNames.Length % s_givenNames.Length]}",
        BirthYear = year - person.Age switch { AgeGroup.Teen => 15, AgeGroup.Adult => 20 + (person.Index % 45), AgeGroup.Elderly => 66 + (person.Index % 20), _ => 8 },
        Gender = person.Index % 2 == 0 ? Gender.Male : Gender.Female,
        ProvinceCode = ProvinceCode,
        DistrictCode = DistrictCode,
        WardCode = WardCode,
        StreetAddress = $"Hộ {person.Household + 1}, Đường Mô Phỏng",
        Symptoms = new Symptoms(),
        ExposureHistory = new ExposureHistory(),
    };

    private void Say(string text)
    {
        if (interactive)
            progress.WriteLine(text);
    }

    private static string RandomPhoneNumber()
    {
        // Fresh numbers per run: the server refuses a second OTP to one phone within a minute.
        ReadOnlySpan<string> prefixes = ["096", "097", "098", "090", "093", "091", "094"];
        return prefixes[Random.Shared.Next(prefixes.Length)] + Random.Shared.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
    }
}
