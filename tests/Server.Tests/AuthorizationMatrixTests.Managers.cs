using Grpc.Core;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// The matrix's calls on a venue's managers: nobody becomes a manager by knowing a venue's id; a manager adds
/// co-managers by phone; a stranger with a phone asks, and the registrant's SMS code lets them in; managers remove
/// co-managers, and no one removes the registrant.
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    /// <summary>Anyone but venue A's manager tries to become its manager with nothing but its (public) id.</summary>
    private static async Task AddManagedVenueByIdAsync(AuthorizationWorld world, Role role)
    {
        var added = await world.Client(role).Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = world.VenueA.VenueId });
        Assert.Equal(world.VenueA.VenueId, added.Venue.VenueId);
        Assert.True(added.Manager.You);
    }

    /// <summary>Each role tries to make a new phone a co-manager of venue A; the manager's co-manager then manages it.</summary>
    private static async Task AddCoManagerByPhoneAsync(AuthorizationWorld world, Role role)
    {
        var phone = Citizens.NewPhone();
        var added = await world.Client(role).Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = world.VenueA.VenueId, Phone = phone });
        Assert.False(added.Manager.PhoneVerified);
        var (coManager, _) = await Citizens.SignedInAsync(world.Server, phone);
        using (coManager)
            Assert.Contains((await coManager.Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues, v => v.VenueId == world.VenueA.VenueId);
    }

    /// <summary>
    /// A venue of a new registrant for each cell: the role asks for access, the registrant's code arrives by SMS, and
    /// the role enters it. Roles that cannot ask enter a made-up code.
    /// </summary>
    private static async Task AddManagedVenueWithApprovalAsync(AuthorizationWorld world, Role role)
    {
        var (registrant, venue, registrantPhone) = await VenueOfNewRegistrantAsync(world);
        using (registrant)
        {
            var code = "123456";
            if (role is Role.Citizen or Role.OtherVenueManager or Role.Manager)
            {
                var mark = world.Outbox.GetPosition();
                await world.Client(role).Venues.RequestVenueAccessAsync(new RequestVenueAccessRequest { VenueId = venue.VenueId });
                code = await world.Outbox.WaitForCodeAsync(registrantPhone, mark, DevelopmentSignIn.DefaultOtpWait);
            }
            await world.Client(role).Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, ApprovalCode = code });
            Assert.Contains((await world.Client(role).Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues, v => v.VenueId == venue.VenueId);
        }
    }

    /// <summary>
    /// Each role enters a code for venue A other than the one its registrant was sent (people who can ask for access
    /// ask first, so the refusal is the wrong code's); the manager is let through as the manager it already is.
    /// </summary>
    private static async Task AddManagedVenueWithWrongCodeAsync(AuthorizationWorld world, Role role)
    {
        var wrong = "000000";
        if (role is Role.Citizen or Role.OtherVenueManager)
        {
            var mark = world.Outbox.GetPosition();
            await world.Client(role).Venues.RequestVenueAccessAsync(new RequestVenueAccessRequest { VenueId = world.VenueA.VenueId });
            if (await world.Outbox.WaitForCodeAsync(world.PhoneOf(Role.Manager), mark, DevelopmentSignIn.DefaultOtpWait) == wrong)
                wrong = "111111";
        }
        await world.Client(role).Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = world.VenueA.VenueId, ApprovalCode = wrong });
    }

    /// <summary>
    /// The people who may ask ask for access to a venue of a new registrant, who gets the SMS; the others try venue A
    /// (making no new registrant, so that the outbox shows a refused request sent nothing).
    /// </summary>
    private static async Task RequestVenueAccessAsync(AuthorizationWorld world, Role role)
    {
        if (role is not (Role.Citizen or Role.OtherVenueManager or Role.Manager))
        {
            await world.Client(role).Venues.RequestVenueAccessAsync(new RequestVenueAccessRequest { VenueId = world.VenueA.VenueId });
            return;
        }
        var (registrant, venue, registrantPhone) = await VenueOfNewRegistrantAsync(world);
        using (registrant)
        {
            var mark = world.Outbox.GetPosition();
            var sent = await world.Client(role).Venues.RequestVenueAccessAsync(new RequestVenueAccessRequest { VenueId = venue.VenueId });
            Assert.EndsWith("***", sent.RegistrantPhone, StringComparison.Ordinal);
            Assert.NotEmpty(await world.Outbox.WaitForCodeAsync(registrantPhone, mark, DevelopmentSignIn.DefaultOtpWait));
        }
    }

    private static async Task ListVenueManagersAsync(AuthorizationWorld world, Role role)
    {
        var managers = (await world.Client(role).Venues.ListVenueManagersAsync(new ListVenueManagersRequest { VenueId = world.VenueA.VenueId })).Managers;
        Assert.Contains(managers, m => m.Registrant && m.UserId == world.UserIdOf(Role.Manager));
    }

    /// <summary>Venue A's manager adds a co-manager for the cell; each role tries to remove them.</summary>
    private static async Task RemoveCoManagerAsync(AuthorizationWorld world, Role role)
    {
        var manager = world.Client(Role.Manager).Venues;
        var added = (await manager.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = world.VenueA.VenueId, Phone = Citizens.NewPhone() })).Manager;
        try
        {
            await world.Client(role).Venues.RemoveVenueManagerAsync(new RemoveVenueManagerRequest { VenueId = world.VenueA.VenueId, UserId = added.UserId });
        }
        catch (RpcException)
        {
            // The refused removal removed no one.
            Assert.Contains((await manager.ListVenueManagersAsync(new ListVenueManagersRequest { VenueId = world.VenueA.VenueId })).Managers, m => m.UserId == added.UserId);
            throw;
        }
        Assert.DoesNotContain((await manager.ListVenueManagersAsync(new ListVenueManagersRequest { VenueId = world.VenueA.VenueId })).Managers, m => m.UserId == added.UserId);
    }

    /// <summary>Each role tries to remove venue A's registrant; even its own managers cannot.</summary>
    private static Task RemoveRegistrantAsync(AuthorizationWorld world, Role role)
        => world.Client(role).Venues.RemoveVenueManagerAsync(new RemoveVenueManagerRequest { VenueId = world.VenueA.VenueId, UserId = world.UserIdOf(Role.Manager) }).ResponseAsync;

    private static async Task<(TracingClient Registrant, Venue Venue, string Phone)> VenueOfNewRegistrantAsync(AuthorizationWorld world)
    {
        var phone = Citizens.NewPhone();
        var (registrant, _) = await Citizens.SignedInAsync(world.Server, phone);
        return (registrant, await Citizens.RegisterVenueAsync(registrant, "Quầy Xin Quyền Quản Lý"), phone);
    }

    /// <summary>Venue A's managers (read by its manager), so that a refused call is seen to have added or removed no one.</summary>
    private static async Task<string> ManagersOfVenueAAsync(AuthorizationWorld world)
    {
        var managers = (await world.Client(Role.Manager).Venues.ListVenueManagersAsync(new ListVenueManagersRequest { VenueId = world.VenueA.VenueId })).Managers;
        return string.Join(",", managers.Select(m => m.UserId).Order(StringComparer.Ordinal));
    }
}
