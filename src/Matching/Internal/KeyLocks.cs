namespace Tracing.Matching.Internal;

/// <summary>Striped locks so that read-check-write sequences on one key do not interleave.</summary>
internal sealed class KeyLocks
{
    private readonly Lock[] _stripes = Enumerable.Range(0, 64).Select(_ => new Lock()).ToArray();

    public Lock For(string key) => _stripes[(uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length];
}
