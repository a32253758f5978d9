using System.Reflection;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Tests.Storage;

/// <summary>The general store's key space: two kinds of record sharing a prefix would read each other's bytes.</summary>
public sealed class StoreKeysTests
{
    [Fact]
    public void Every_kind_of_record_has_a_prefix_of_its_own()
    {
        var prefixes = typeof(StoreKeys).GetFields(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(byte))
            .Select(f => (f.Name, Prefix: (char)(byte)f.GetRawConstantValue()!))
            .ToList();
        Assert.True(prefixes.Count > 20, $"only {prefixes.Count} prefixes found");
        var shared = prefixes.GroupBy(p => p.Prefix).Where(g => g.Count() > 1).Select(g => $"'{g.Key}': {string.Join(", ", g.Select(p => p.Name))}");
        Assert.Empty(shared);
    }
}
