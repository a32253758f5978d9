using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tracing.Matching.Tracing;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// Packs the engine's fixed-size records into bytes for a grain call and back (every silo runs the same build on the
/// same architecture): one copy each way, no per-field serialisation.
/// </summary>
internal static class Packing
{
    private const int KeySize = 16;
    private const int PackedKeySize = KeySize + sizeof(uint) + sizeof(int);

    /// <summary>The records as bytes.</summary>
    public static byte[] Pack<T>(ReadOnlySpan<T> records)
        where T : unmanaged => MemoryMarshal.AsBytes(records).ToArray();

    /// <summary>One record as bytes.</summary>
    public static byte[] PackOne<T>(in T record)
        where T : unmanaged => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in record)).ToArray();

    /// <summary>The records packed by <see cref="Pack{T}"/>.</summary>
    public static T[] Unpack<T>(byte[] packed)
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(packed).ToArray();

    /// <summary>The record packed by <see cref="PackOne{T}"/>.</summary>
    public static T UnpackOne<T>(byte[] packed)
        where T : unmanaged => MemoryMarshal.Read<T>(packed);

    /// <summary>Diagnosis keys as 24 bytes each: the 16-byte key, the rolling start interval and the rolling period.</summary>
    public static byte[] PackKeys(DiagnosisKey[] keys)
    {
        var packed = new byte[keys.Length * PackedKeySize];
        for (var i = 0; i < keys.Length; i++)
        {
            var slot = packed.AsSpan(i * PackedKeySize, PackedKeySize);
            keys[i].KeyData.AsSpan(0, KeySize).CopyTo(slot);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[KeySize..], keys[i].RollingStartInterval);
            BinaryPrimitives.WriteInt32LittleEndian(slot[(KeySize + sizeof(uint))..], keys[i].RollingPeriod);
        }
        return packed;
    }

    /// <summary>The keys packed by <see cref="PackKeys"/>.</summary>
    public static DiagnosisKey[] UnpackKeys(byte[] packed)
    {
        var keys = new DiagnosisKey[packed.Length / PackedKeySize];
        for (var i = 0; i < keys.Length; i++)
        {
            var slot = packed.AsSpan(i * PackedKeySize, PackedKeySize);
            keys[i] = new DiagnosisKey(slot[..KeySize].ToArray(), BinaryPrimitives.ReadUInt32LittleEndian(slot[KeySize..]), BinaryPrimitives.ReadInt32LittleEndian(slot[(KeySize + sizeof(uint))..]));
        }
        return keys;
    }
}
