using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Tracing.Server.Security;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// What a person can take back, over the real server with a clock the tests move: a personal QR code stops opening
/// doors a week after it was shown or printed, and signing out everywhere ends every session of the person at once.
/// </summary>
public sealed class RevocationTests(RevocationTests.ClockedServer fixture) : IClassFixture<RevocationTests.ClockedServer>
{
    private ServerProcess Server => fixture.Server;

    private ManualClock Clock => fixture.Clock;

    [Fact]
    public async Task Signing_out_everywhere_ends_every_session_of_the_person_and_no_one_elses()
    {
        var phone = Citizens.NewPhone();
        var (lostPhone, userId) = await Citizens.SignedInAsync(Server, phone);
        // A second session, as a sign-in on a laptop earlier would have made.
        using var laptop = Server.WithToken(Server.Services.GetRequiredService<AccessTokens>().Issue(userId).Token);
        var (neighbour, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        await lostPhone.CheckIn.ListMyVisitsAsync(new ListMyVisitsRequest());

        await laptop.Auth.SignOutEverywhereAsync(new SignOutEverywhereRequest());

        foreach (var signedOut in new[] { lostPhone, laptop })
            await Refusals.AssertAsync(StatusCode.Unauthenticated, () => signedOut.CheckIn.ListMyVisitsAsync(new ListMyVisitsRequest()).ResponseAsync, "signed out", "sign in again");
        await neighbour.CheckIn.ListMyVisitsAsync(new ListMyVisitsRequest());

        Clock.Now += TimeSpan.FromSeconds(61); // past the engine's minute between two codes for a phone
        var (again, sameUser) = await Citizens.SignedInAsync(Server, phone);
        Assert.Equal(userId, sameUser);
        await again.CheckIn.ListMyVisitsAsync(new ListMyVisitsRequest());
        // Tokens issued before the sign-out stay refused after the new sign-in.
        await Refusals.AssertAsync(StatusCode.Unauthenticated, () => lostPhone.CheckIn.ListMyVisitsAsync(new ListMyVisitsRequest()).ResponseAsync, "signed out");
        foreach (var client in new[] { lostPhone, neighbour, again })
            client.Dispose();
    }

    [Fact]
    public async Task A_personal_code_opens_doors_for_a_week_and_then_asks_for_a_fresh_one()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán Mã Cá Nhân");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Trần Thị Mã Cũ");
        var shown = await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest());
        Assert.Equal(Clock.Now.AddDays(7).ToUnixTimeSeconds(), shown.ExpiresAt.ToDateTimeOffset().ToUnixTimeSeconds());

        Clock.Now += TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);
        await Citizens.ControllerScanAsync(manager, venue, shown.Payload, Direction.In, Clock.Now);
        Clock.Now += TimeSpan.FromMinutes(1);
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var before = await Citizens.HistoryAsync(health, venue.VenueId);
        await Refusals.AssertAsync(StatusCode.FailedPrecondition, () => Citizens.ControllerScanAsync(manager, venue, shown.Payload, Direction.Out, Clock.Now), "expired", "7 days", "open their code again in the app");
        Assert.Equal(before.Count, (await Citizens.HistoryAsync(health, venue.VenueId)).Count);

        var fresh = await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest());
        Assert.NotEqual(shown.Payload, fresh.Payload);
        await Citizens.ControllerScanAsync(manager, venue, fresh.Payload, Direction.Out, Clock.Now);
        manager.Dispose();
        visitor.Dispose();
    }

    /// <summary>One server with a clock the tests move, shared by the class.</summary>
    public sealed class ClockedServer : IAsyncLifetime
    {
        private ServerProcess? _server;

        public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

        public ServerProcess Server => _server ?? throw new InvalidOperationException("The server did not start.");

        public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(builder => builder.Services.AddSingleton<TimeProvider>(Clock));

        public async Task DisposeAsync()
        {
            if (_server is not null)
                await _server.DisposeAsync();
        }
    }
}
