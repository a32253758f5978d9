using Tracing.Matching.Storage;

namespace Tracing.Matching.Registry;

/// <summary>Bringing a store written by an earlier version in line with the rule that managers join by consent.</summary>
public sealed partial class Venues
{
    private const string ManagersByConsent = "venue-managers-by-consent";

    /// <summary>
    /// Once per store: drops every manager that no one consented to. Before managers joined by consent, anyone who knew a
    /// venue's id could add it to their list (which is how a venue was taken), so an entry of a person who is not the
    /// venue's registrant cannot be told from a takeover; it goes, and a co-manager the registrant wants is added again
    /// by phone. Left in place it would act unseen: the venue's list of managers (kept since consent began) does not
    /// name it, so no manager could remove it. Returns how many entries went.
    /// </summary>
    internal int DropManagersWithoutConsent(IEnumerable<string> everyone)
    {
        if (_store.ReadCounter(ManagersByConsent) != 0)
            return 0;
        var dropped = 0;
        foreach (var userId in everyone)
        {
            lock (_locks.For(userId))
            {
                var key = StoreKeys.ForManagedVenues(userId);
                var managed = _store.ReadList<uint>(key);
                var kept = Array.FindAll(managed, number => Find(number) is { } venue && RegistrantOf(venue) == userId);
                if (kept.Length == managed.Length)
                    continue;
                dropped += managed.Length - kept.Length;
                if (kept.Length == 0)
                    _store.Delete(key);
                else
                    _store.Upsert(key, System.Runtime.InteropServices.MemoryMarshal.AsBytes(kept.AsSpan()));
            }
        }
        _store.WriteCounter(ManagersByConsent, 1);
        return dropped;
    }
}
