using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Registry;
using Tracing.Server.Privacy;
using Tracing.Server.Security;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>
/// A venue's managers: added only with consent — by a manager (by phone) or by the registrant's approval code —
/// listed for the managers, removed by them (never the registrant).
/// </summary>
public sealed partial class VenueGrpcService
{
    /// <inheritdoc />
    public override async Task<AddManagedVenueResponse> AddManagedVenue(AddManagedVenueRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireVerifiedPhone();
        var byPhone = !string.IsNullOrWhiteSpace(request.Phone);
        var byApproval = !string.IsNullOrWhiteSpace(request.ApprovalCode);
        if (byPhone && byApproval)
            throw new TracingException(TracingError.InvalidArgument, "Set either phone (a manager adds a co-manager) or approval_code (you add yourself with the registrant's approval), not both.", "Bạn hãy nhập một trong hai: Số điện thoại của người quản lý cần thêm, hoặc Mã xác nhận mà người đăng ký địa điểm nhận được; không nhập cả hai.");
        Person added;
        VenueInfo venue;
        if (byPhone)
        {
            venue = _access.RequireMayManageManagers(caller, request.VenueId);
            // A new phone becomes a person now, unverified: the venue is theirs once they sign in with it by OTP.
            added = engine.People.ForPhone(PhoneNumber.Require(request.Phone, "phone"), verified: false);
        }
        else if (byApproval)
        {
            venue = Find(request.VenueId);
            if (!engine.Venues.IsManager(caller.UserId, venue.VenueId))
                engine.VenueAccessRequests.Verify(venue, caller.UserId, request.ApprovalCode);
            added = caller;
        }
        else
        {
            venue = Find(request.VenueId);
            if (!engine.Venues.IsManager(caller.UserId, venue.VenueId))
            {
                throw new TracingException(
                    TracingError.PermissionDenied,
                    "Knowing a venue's code does not make you its manager: ask one of its managers to add your phone, or call RequestVenueAccess and send the code its registrant receives as approval_code.",
                    "Biết mã địa điểm không làm bạn thành người quản lý. Bạn hãy nhờ một người quản lý của địa điểm thêm số điện thoại của bạn, hoặc xin quyền quản lý rồi nhập Mã xác nhận mà người đăng ký địa điểm nhận được.");
            }
            added = caller;
        }
        engine.Venues.AddManager(added.UserId, venue.VenueId);
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        return new AddManagedVenueResponse
        {
            Venue = venue.ToProto(qr.ForVenue(venue.VenueId), showRegistrant: true),
            Manager = ManagerOf(venue, added, caller, throughVenueId: ""),
        };
    }

    /// <inheritdoc />
    public override async Task<RequestVenueAccessResponse> RequestVenueAccess(RequestVenueAccessRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireVerifiedPhone();
        var (venue, registrant) = _access.RequireMayRequestAccess(caller, request.VenueId);
        var code = engine.VenueAccessRequests.Issue(venue, caller.UserId);
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        // Without diacritics, like the sign-in code: an SMS in plain letters reaches every phone. The asker's whole phone:
        // the registrant decides whom they let in, and the asker gave it by asking.
        var text = $"Tracing: so {caller.Phone} xin quyen quan ly dia diem \"{venue.Name}\" ({VenueCode.Display(venue.VenueId)}). "
            + $"Neu ban dong y, dua ho ma {code.Code} (hieu luc {VenueAccessRequests.Lifetime.TotalMinutes:0} phut). Neu khong, bo qua tin nay.";
        await sms.SendAsync(registrant.Phone, text, code.Code, context.CancellationToken).ConfigureAwait(false);
        return new RequestVenueAccessResponse
        {
            RegistrantPhone = Masking.Phone(registrant.Phone),
            ExpiresAt = code.ExpiresAt.ToTimestamp(),
            ResendAfter = code.ResendAfter.ToTimestamp(),
        };
    }

    /// <inheritdoc />
    public override Task<ListVenueManagersResponse> ListVenueManagers(ListVenueManagersRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireVerifiedPhone();
        var venue = _access.RequireMayManageManagers(caller, request.VenueId);
        var response = new ListVenueManagersResponse();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        // The venue's own managers first, then those of each building it is inside, outwards.
        for (VenueInfo? at = venue; at is not null; at = engine.Venues.Find(at.Details.ParentVenueId))
        {
            foreach (var userId in engine.Venues.DirectManagers(at))
            {
                if (listed.Add(userId) && engine.People.Find(userId) is { } person)
                    response.Managers.Add(ManagerOf(venue, person, caller, at == venue ? "" : at.VenueId));
            }
        }
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public override async Task<RemoveVenueManagerResponse> RemoveVenueManager(RemoveVenueManagerRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireVerifiedPhone();
        var venue = _access.RequireMayManageManagers(caller, request.VenueId);
        var byId = !string.IsNullOrWhiteSpace(request.UserId);
        var byPhone = !string.IsNullOrWhiteSpace(request.Phone);
        if (byId == byPhone)
            throw new TracingException(TracingError.InvalidArgument, "Name the manager to remove by user_id (from ListVenueManagers) or by phone, one of the two.", "Bạn hãy chọn người quản lý cần xoá (trong danh sách người quản lý) hoặc nhập số điện thoại của họ, một trong hai.");
        var manager = (byId ? engine.People.Find(request.UserId.Trim()) : engine.People.FindByPhone(PhoneNumber.Require(request.Phone, "phone")))
            ?? throw new TracingException(TracingError.NotFound, "This person does not manage the venue.", "Người này không quản lý địa điểm.");
        _access.RequireMayRemove(venue, manager);
        engine.Venues.RemoveManager(manager.UserId, venue.VenueId);
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        return new RemoveVenueManagerResponse();
    }

    private V1.VenueManager ManagerOf(VenueInfo venue, Person manager, Person caller, string throughVenueId) => new()
    {
        UserId = manager.UserId,
        // Co-managers see each other's phones masked, like visitors' (they can tell them apart, not collect them).
        Phone = manager.UserId == caller.UserId ? manager.Phone : Masking.Phone(manager.Phone),
        Registrant = manager.UserId == engine.Venues.RegistrantOf(venue),
        ThroughVenueId = throughVenueId,
        You = manager.UserId == caller.UserId,
        PhoneVerified = manager.PhoneVerified,
    };
}
