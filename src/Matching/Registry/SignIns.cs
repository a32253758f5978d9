using Tracing.Matching.Internal;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Registry;

/// <summary>
/// Each person's sign-in generation: every access token carries the generation it was issued in, and signing out
/// everywhere moves the person to the next one, so every token issued before — on a lost phone, a shared computer —
/// stops working at once, while the person signs in again as usual. A person who never signed out is in generation 0.
/// </summary>
public sealed class SignIns
{
    private readonly FasterStore _store;
    private readonly KeyLocks _locks = new();

    internal SignIns(FasterStore store) => _store = store;

    /// <summary>The generation whose tokens are valid for <paramref name="userId"/>.</summary>
    public ulong GenerationOf(string userId) => _store.ReadCounter(Counter(userId));

    /// <summary>Ends every session of <paramref name="userId"/>; returns the new generation. The caller commits before answering.</summary>
    public ulong SignOutEverywhere(string userId)
    {
        lock (_locks.For(userId))
        {
            var next = GenerationOf(userId) + 1;
            _store.WriteCounter(Counter(userId), next);
            return next;
        }
    }

    private static string Counter(string userId) => "sign-in-generation:" + userId;
}
