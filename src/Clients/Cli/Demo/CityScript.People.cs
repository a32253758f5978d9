using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Cli.Demo;

internal sealed partial class CityScript
{
    private async Task<(Venue Pho, Venue Supermarket)> OpenVenuesAsync(TracingClient anonymous, CancellationToken cancellationToken)
    {
        _out.WriteLine($"1. The venue manager, {_manager.FullName}, signs in with her phone and registers two venues.");
        Begin($"signing in the venue manager {_manager.PhoneNumber} by OTP");
        var outbox = new SmsOutbox(_options.OutboxPath);
        VerifyOtpResponse signedIn = await anonymous.SignInWithOtpAsync(_manager.PhoneNumber, outbox, cancellationToken).ConfigureAwait(false);
        _manager.UserId = signedIn.UserId;
        _manager.Client = anonymous.WithAccessToken(signedIn.AccessToken);
        _out.WriteLine($"   {CityText.Phone(_manager.PhoneNumber)}: code read from {outbox.Path}, signed in as user {signedIn.UserId}");

        Begin("registering the venues");
        Venue pho = await RegisterVenueAsync("Quán Phở Hòa", "12 Trần Quang Khải", "restaurant", 10.7911, 106.6897, cancellationToken).ConfigureAwait(false);
        Venue supermarket = await RegisterVenueAsync("Siêu thị Co.op Quận 1", "35 Trần Quang Khải", "supermarket", 10.7917, 106.6905, cancellationToken).ConfigureAwait(false);
        _out.WriteLine();
        return (pho, supermarket);
    }

    private async Task<Venue> RegisterVenueAsync(string name, string street, string category, double latitude, double longitude, CancellationToken cancellationToken)
    {
        var request = new RegisterVenueRequest
        {
            Name = name,
            ProvinceCode = ProvinceCode,
            DistrictCode = DistrictCode,
            WardCode = WardCode,
            StreetAddress = street,
            RegistrantName = _manager.FullName,
            RegistrantPhone = _manager.PhoneNumber,
            Category = category,
            Latitude = latitude,
            Longitude = longitude,
        };
        RegisterVenueResponse response = await _manager.SignedIn.Venues.RegisterVenueAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        Venue venue = response.Venue
            ?? throw new CityScriptException(_step, $"RegisterVenue for \"{name}\" answered without a venue.");
        if (string.IsNullOrEmpty(venue.QrPayload))
        {
            throw new CityScriptException(_step, $"RegisterVenue for \"{name}\" answered without a qr_payload, so nobody can scan in.");
        }

        _out.WriteLine($"   registered \"{venue.Name}\" (venue {Rpc.VenueCodes.Shown(venue.VenueId)}), QR code {venue.QrPayload}");
        return venue;
    }

    private async Task RegisterResidentsAsync(TracingClient anonymous, CancellationToken cancellationToken)
    {
        _out.WriteLine("2. Six residents install the app (anonymous devices) and file a domestic health declaration.");
        foreach (Resident resident in _residents)
        {
            Begin($"registering {resident.Name}'s device");
            RegisterDeviceResponse device = await anonymous.Auth.RegisterDeviceAsync(
                new RegisterDeviceRequest { Platform = "android 12 (tracing demo)" }, cancellationToken: cancellationToken).ConfigureAwait(false);
            resident.UserId = device.UserId;
            resident.Client = anonymous.WithAccessToken(device.AccessToken);

            Begin($"filing {resident.Name}'s health declaration");
            var declaration = new SubmitDeclarationRequest
            {
                Kind = DeclarationKind.Domestic,
                FullName = resident.FullName,
                BirthYear = resident.BirthYear,
                Gender = resident.Gender,
                Phone = resident.PhoneNumber,
                ProvinceCode = ProvinceCode,
                DistrictCode = DistrictCode,
                WardCode = WardCode,
                StreetAddress = "Phường Tân Định, Quận 1",
                Symptoms = new Symptoms(),
                ExposureHistory = new ExposureHistory(),
            };
            SubmitDeclarationResponse declared = await resident.SignedIn.Declarations.SubmitDeclarationAsync(
                declaration, cancellationToken: cancellationToken).ConfigureAwait(false);
            _out.WriteLine(
                $"   {resident.Name,-5} {resident.FullName}, born {resident.BirthYear}, {CityText.Phone(resident.PhoneNumber)}: user {resident.UserId}, " +
                $"declaration {declared.DeclarationId} valid until {FormatDay(declared.ValidUntil)}");
        }

        _out.WriteLine();
    }
}
