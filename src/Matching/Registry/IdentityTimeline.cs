namespace Tracing.Matching.Registry;

/// <summary>
/// The identities one person had within retention, oldest first, each from the time it took effect: a scan shows
/// the one in force when it was received, so a new declaration never changes a past row.
/// </summary>
public sealed class IdentityTimeline
{
    private readonly long[] _from;
    private readonly PersonIdentity[] _identities;

    internal IdentityTimeline(long[] from, PersonIdentity[] identities)
    {
        _from = from;
        _identities = identities;
    }

    /// <summary>The identity in force at <paramref name="at"/> (unix seconds).</summary>
    public PersonIdentity At(long at)
    {
        // Versions are few (a person declares about once a day within retention): a scan from the newest back.
        for (var i = _from.Length - 1; i > 0; i--)
        {
            if (_from[i] <= at)
                return _identities[i];
        }
        // Before the oldest version kept: the oldest (older ones were in force only before retention).
        return _identities.Length > 0 ? _identities[0] : PersonIdentity.None;
    }
}
