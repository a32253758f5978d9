using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Tracing.Matching.Storage;

/// <summary>Typed reads and writes over <see cref="FasterStore"/>: protobuf records and packed struct lists.</summary>
internal static class StoreExtensions
{
    public static T? ReadRecord<T>(this FasterStore store, byte[] key, MessageParser<T> parser) where T : class, IMessage<T>
    {
        var stored = store.ReadPooled(key);
        if (stored.Buffer is null)
            return null;
        try
        {
            return parser.ParseFrom(stored.Span);
        }
        finally
        {
            stored.Return();
        }
    }

    public static void WriteRecord(this FasterStore store, byte[] key, IMessage record)
        => store.Upsert(key, record.ToByteArray());

    /// <summary>Reads a packed list of structs (empty when the key is absent).</summary>
    public static T[] ReadList<T>(this FasterStore store, byte[] key) where T : unmanaged
    {
        var stored = store.ReadPooled(key);
        if (stored.Buffer is null)
            return [];
        try
        {
            return MemoryMarshal.Cast<byte, T>(stored.Span).ToArray();
        }
        finally
        {
            stored.Return();
        }
    }

    public static void AppendItem<T>(this FasterStore store, byte[] key, in T item) where T : unmanaged
        => store.Append(key, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in item)));

    public static ulong ReadCounter(this FasterStore store, string name)
    {
        var bytes = store.Read(StoreKeys.ForCounter(name));
        return bytes is null ? 0 : BitConverter.ToUInt64(bytes);
    }

    public static void WriteCounter(this FasterStore store, string name, ulong value)
        => store.Upsert(StoreKeys.ForCounter(name), BitConverter.GetBytes(value));
}
