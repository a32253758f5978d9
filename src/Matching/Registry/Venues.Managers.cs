using Tracing.Matching.Internal;
using Tracing.Matching.Records;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Registry;

/// <summary>
/// A venue's managers, kept both ways: each person's list of managed venues (which answers "may this person act
/// here", on every scan) and each venue's list of its direct managers (which answers "who manages it").
/// </summary>
/// <remarks>
/// Lock order: a person's lock (<c>_locks</c>), then the venue's (<c>_venueLocks</c>). Who may add or remove a manager is not decided here: the
/// server's <c>VenueAccess</c> is that rule's home; this is the bookkeeping.
/// </remarks>
public sealed partial class Venues
{
    // Apart from the people's locks, so that a person's stripe and a venue's stripe are never the same lock taken
    // in the other order.
    private readonly KeyLocks _venueLocks = new();

    /// <summary>Adds a venue to a person's managed list (idempotent).</summary>
    public void AddManager(string userId, string venueId)
    {
        var venue = Require(venueId);
        lock (_locks.For(userId))
        {
            var managed = _store.ReadList<uint>(StoreKeys.ForManagedVenues(userId));
            if (Array.IndexOf(managed, venue.Number) < 0)
                _store.AppendItem(StoreKeys.ForManagedVenues(userId), venue.Number);
            lock (_venueLocks.For(VenueLock(venue.Number)))
            {
                var managers = DirectManagersRecord(venue);
                if (!managers.UserIds.Contains(userId))
                {
                    managers.UserIds.Add(userId);
                    _store.WriteRecord(StoreKeys.ForVenueManagers(venue.Number), managers);
                }
            }
        }
    }

    /// <summary>
    /// Takes a venue off a person's managed list; false when they did not manage it directly. Refuses to remove the
    /// registrant (FAILED_PRECONDITION): a venue always keeps the person who registered it.
    /// </summary>
    public bool RemoveManager(string userId, string venueId)
    {
        var venue = Require(venueId);
        if (userId == RegistrantOf(venue))
            throw new TracingException(TracingError.FailedPrecondition, "The registrant of a venue cannot be removed from its managers.", "Không thể xoá người đăng ký địa điểm khỏi danh sách người quản lý.");
        lock (_locks.For(userId))
        {
            var key = StoreKeys.ForManagedVenues(userId);
            var managed = _store.ReadList<uint>(key);
            var kept = managed.Where(n => n != venue.Number).ToArray();
            if (kept.Length < managed.Length)
            {
                if (kept.Length == 0)
                    _store.Delete(key);
                else
                    _store.Upsert(key, System.Runtime.InteropServices.MemoryMarshal.AsBytes(kept.AsSpan()));
            }
            lock (_venueLocks.For(VenueLock(venue.Number)))
            {
                var managers = DirectManagersRecord(venue);
                if (managers.UserIds.Remove(userId))
                    _store.WriteRecord(StoreKeys.ForVenueManagers(venue.Number), managers);
            }
            return kept.Length < managed.Length;
        }
    }

    /// <summary>
    /// Whether the person manages this venue (directly, or through the building it is in); cheaper than by id when the
    /// venue is at hand, as on every scan of a door scanner's stream.
    /// </summary>
    public bool IsManager(string userId, VenueInfo venue)
    {
        var managed = _store.ReadList<uint>(StoreKeys.ForManagedVenues(userId));
        for (VenueInfo? at = venue; at is not null; at = at.Details.ParentVenueId.Length > 0 ? Find(at.Details.ParentVenueId) : null)
        {
            if (Array.IndexOf(managed, at.Number) >= 0)
                return true;
        }
        return false;
    }

    /// <summary>
    /// The people who manage this venue directly, in the order they were added (a unit's building's managers are not
    /// among them: see <see cref="IsManager(string, VenueInfo)"/>). A venue registered before this list was kept shows its registrant.
    /// </summary>
    public IReadOnlyList<string> DirectManagers(VenueInfo venue)
    {
        lock (_venueLocks.For(VenueLock(venue.Number)))
            return [.. DirectManagersRecord(venue).UserIds];
    }

    /// <summary>
    /// The user id of the venue's registrant: whoever registered it or, for a unit, the building it is in. They are
    /// asked to approve access requests and are never removed.
    /// </summary>
    public string RegistrantOf(VenueInfo venue) => BuildingOf(venue).RegisteredBy;

    /// <summary>The venue itself, or the outermost building it is inside.</summary>
    public VenueInfo BuildingOf(VenueInfo venue)
    {
        var building = venue;
        while (building.Details.ParentVenueId.Length > 0 && Find(building.Details.ParentVenueId) is { } parent)
            building = parent;
        return building;
    }

    private VenueManagersRecord DirectManagersRecord(VenueInfo venue)
        => _store.ReadRecord(StoreKeys.ForVenueManagers(venue.Number), VenueManagersRecord.Parser)
            ?? (venue.Details.ParentVenueId.Length == 0 && venue.RegisteredBy.Length > 0
                ? new VenueManagersRecord { UserIds = { venue.RegisteredBy } }
                : new VenueManagersRecord());

    private static string VenueLock(uint number) => "venue:" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
