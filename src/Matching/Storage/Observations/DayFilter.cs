using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

using Tracing.Matching.Internal;

namespace Tracing.Matching.Storage.Observations;

/// <summary>
/// A blocked Bloom filter of the identifiers seen on one day (about ten bits per sighting, three bits in one
/// 64-byte block each). Most identifiers of a case were never heard, so a match asks the filter first: one
/// cache line per identifier, and the probes of different identifiers overlap in the memory system, where a
/// store lookup is a chain of dependent reads. It only ever gains bits, so replaying the log is harmless.
/// One writer (the applier); readers see what was added before the applier last published its progress.
/// </summary>
internal sealed class DayFilter
{
    private const int WordsPerBlock = 8;
    private const int BitsPerSighting = 10;
    private static ReadOnlySpan<byte> Magic => "TRFILT01"u8;
    private readonly ulong[] _words;
    private readonly ulong _blocks;

    public DayFilter(long expectedSightings)
        : this(NewWords(Math.Max(1, (expectedSightings * BitsPerSighting + 511) / 512) * WordsPerBlock))
    {
    }

    private DayFilter(ulong[] words)
    {
        _words = words;
        _blocks = (ulong)(words.Length / WordsPerBlock);
    }

    /// <summary>Adds an identifier by its stored 8-byte tail (already uniformly random: it is AES output).</summary>
    public void Add(ulong tail)
    {
        var block = Block(tail);
        _words[block + (int)(tail & 7)] |= 1UL << (int)((tail >> 3) & 63);
        _words[block + (int)((tail >> 9) & 7)] |= 1UL << (int)((tail >> 12) & 63);
        _words[block + (int)((tail >> 18) & 7)] |= 1UL << (int)((tail >> 21) & 63);
    }

    /// <summary>False when the identifier was certainly not seen; true when it may have been.</summary>
    public bool MayContain(ulong tail)
    {
        var block = Block(tail);
        return (_words[block + (int)(tail & 7)] & (1UL << (int)((tail >> 3) & 63))) != 0
            && (_words[block + (int)((tail >> 9) & 7)] & (1UL << (int)((tail >> 12) & 63))) != 0
            && (_words[block + (int)((tail >> 18) & 7)] & (1UL << (int)((tail >> 21) & 63))) != 0;
    }

    /// <summary>
    /// Asks the memory system for the identifier's block ahead of <see cref="MayContain"/>, so that the blocks of
    /// many identifiers are fetched at once rather than one after the other.
    /// </summary>
    public unsafe void Prefetch(ulong tail)
    {
        if (Sse.IsSupported)
            Sse.Prefetch0(Unsafe.AsPointer(ref _words[Block(tail)]));
    }

    /// <summary>Bytes of memory the filter takes.</summary>
    public long Bytes => (long)_words.Length * sizeof(ulong);

    /// <summary>Writes the filter to <paramref name="path"/> (through a temporary file, so a crash leaves the old one).</summary>
    public void Save(string path)
    {
        var content = new byte[16 + _words.Length * sizeof(ulong)];
        Magic.CopyTo(content);
        BinaryPrimitives.WriteInt64LittleEndian(content.AsSpan(8), _words.Length);
        MemoryMarshal.AsBytes(_words.AsSpan()).CopyTo(content.AsSpan(16));
        AtomicFile.Write(path, content);
    }

    /// <summary>The filter saved at <paramref name="path"/>, or null when there is none or it is damaged.</summary>
    public static DayFilter? Load(string path)
    {
        if (!File.Exists(path))
            return null;
        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[16];
        if (file.Read(header) != header.Length || !header[..8].SequenceEqual(Magic))
            return null;
        var words = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        if (words <= 0 || words % WordsPerBlock != 0 || file.Length != 16 + words * sizeof(ulong))
            return null;
        var filter = new DayFilter(NewWords(words));
        file.ReadExactly(MemoryMarshal.AsBytes(filter._words.AsSpan()));
        return filter;
    }

    // Pinned, so that prefetching may take the address of a block.
    private static ulong[] NewWords(long count) => GC.AllocateArray<ulong>(checked((int)count), pinned: true);

    // The block from the tail's high bits (multiply-shift range reduction); the bits inside it from the low bits.
    private int Block(ulong tail) => (int)Math.BigMul(tail, _blocks, out _) * WordsPerBlock;
}
