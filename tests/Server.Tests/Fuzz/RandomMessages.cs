using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Tracing.Server.Tests.Fuzz;

/// <summary>
/// Well-formed messages of any type with random field values, built from the message's descriptor: how an RPC added
/// to the protos gets fuzzed before anyone writes a sample request for it, and a source of values no sample has
/// (negative numbers, undefined enum values, empty and odd strings, times far off).
/// </summary>
internal sealed class RandomMessages(Random random)
{
    private static readonly string[] Texts = ["", " ", "79", "760", "26734", "0912345678", "V-7K3M9-Q2X4T-C", "Nguyễn Văn An", "\u0000", "'; DROP TABLE --", "%s%n", "🙂", "u-1", "c-1", "12345678"];

    /// <summary>A message of <paramref name="descriptor"/>'s type with some of its fields set at random.</summary>
    public IMessage Next(MessageDescriptor descriptor, int depth = 0)
    {
        if (descriptor.FullName == Timestamp.Descriptor.FullName)
            return Time();
        var message = descriptor.Parser.ParseFrom(ByteString.Empty);
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsMap || random.Next(3) == 0)
                continue;
            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var n = random.Next(0, 4); n > 0; n--)
                {
                    if (Value(field, depth) is { } item)
                        list.Add(item);
                }
            }
            else if (Value(field, depth) is { } value)
            {
                field.Accessor.SetValue(message, value);
            }
        }
        return message;
    }

    private object? Value(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => random.Next(12) == 0 ? LongText() : Texts[random.Next(Texts.Length)],
        FieldType.Bytes => ByteString.CopyFrom(Bytes(random.Next(4) == 0 ? random.Next(0, 40) : 16)),
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Number(),
        FieldType.UInt32 or FieldType.Fixed32 => unchecked((uint)Number()),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (long)Number() * random.Next(1, 1000),
        FieldType.UInt64 or FieldType.Fixed64 => unchecked((ulong)Number()),
        FieldType.Double => random.Next(5) switch { 0 => double.NaN, 1 => double.PositiveInfinity, 2 => -1e300, _ => (random.NextDouble() * 400) - 200 },
        FieldType.Float => (float)((random.NextDouble() * 400) - 200),
        FieldType.Enum => System.Enum.ToObject(field.EnumType.ClrType, random.Next(4) == 0 ? random.Next(-2, 50) : field.EnumType.Values[random.Next(field.EnumType.Values.Count)].Number),
        FieldType.Message when depth < 3 => Next(field.MessageType, depth + 1),
        _ => null,
    };

    /// <summary>A text far longer than any field allows, yet inside the message limit: refusals must not echo it whole.</summary>
    private string LongText() => new(random.Next(2) == 0 ? 'x' : 'ệ', random.Next(1_000, 100_000));

    private int Number() => random.Next(6) switch
    {
        0 => 0,
        1 => -1,
        2 => int.MaxValue,
        3 => int.MinValue,
        4 => random.Next(1900, 2030),
        _ => random.Next(-200, 200),
    };

    /// <summary>A time near now, or far off, or at the edges of what a Timestamp may hold.</summary>
    private Timestamp Time() => random.Next(6) switch
    {
        0 => new Timestamp { Seconds = random.NextInt64(long.MinValue, long.MaxValue), Nanos = random.Next(int.MinValue, int.MaxValue) },
        1 => new Timestamp { Seconds = 253402300799, Nanos = 999_999_999 },
        2 => new Timestamp(),
        _ => Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(random.Next(-24 * 30, 24 * 3))),
    };

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
