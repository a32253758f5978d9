using System.Globalization;

namespace Tracing.Server.Tests.Fuzz;

/// <summary>
/// Damages encoded protobuf requests the way broken clients, bit rot and hostile senders do: flipped bits, bytes
/// inserted, deleted or duplicated, truncation, and spliced varints, field tags and length prefixes (long, negative,
/// overlong) — the places a decoder or the code after it can go wrong.
/// </summary>
internal sealed class RequestMutator(Random random)
{
    /// <summary>One to three mutations of <paramref name="message"/>; <paramref name="applied"/> says which, for replay.</summary>
    public byte[] Mutate(byte[] message, out string applied)
    {
        var bytes = new List<byte>(message);
        var steps = new List<string>();
        for (var n = random.Next(1, 4); n > 0; n--)
            steps.Add(MutateOnce(bytes));
        applied = string.Join(", ", steps);
        return [.. bytes];
    }

    private string MutateOnce(List<byte> bytes)
    {
        var at = random.Next(bytes.Count + 1);
        switch (random.Next(9))
        {
            case 0 when bytes.Count > 0:
                at = random.Next(bytes.Count);
                var bit = random.Next(8);
                bytes[at] ^= (byte)(1 << bit);
                return Describe("flip bit", at, bit);
            case 1 when bytes.Count > 0:
                at = random.Next(bytes.Count);
                bytes[at] = Interesting();
                return Describe("set byte", at, bytes[at]);
            case 2:
                var inserted = RandomBytes(random.Next(1, 9));
                bytes.InsertRange(at, inserted);
                return Describe("insert bytes", at, inserted.Length);
            case 3 when bytes.Count > 0:
                at = random.Next(bytes.Count);
                var count = Math.Min(random.Next(1, 9), bytes.Count - at);
                bytes.RemoveRange(at, count);
                return Describe("delete bytes", at, count);
            case 4 when bytes.Count > 0:
                at = random.Next(bytes.Count);
                bytes.RemoveRange(at, bytes.Count - at);
                return Describe("truncate", at, 0);
            case 5:
                var varint = Varint(InterestingNumber());
                bytes.InsertRange(at, varint);
                return Describe("splice varint", at, varint.Length);
            case 6:
                // A field tag of a random number and wire type, and for length-delimited ones a length that may lie.
                var field = random.Next(1, 20);
                var wireType = random.Next(8);
                List<byte> spliced = [.. Varint((ulong)((field << 3) | wireType))];
                if (wireType == 2)
                    spliced.AddRange(Varint(InterestingNumber()));
                spliced.AddRange(RandomBytes(random.Next(0, 6)));
                bytes.InsertRange(at, spliced);
                return Describe("splice field", at, field * 10 + wireType);
            case 7 when bytes.Count > 1:
                at = random.Next(bytes.Count);
                var chunk = bytes.GetRange(at, Math.Min(random.Next(1, 33), bytes.Count - at));
                bytes.InsertRange(random.Next(bytes.Count + 1), chunk);
                return Describe("duplicate chunk", at, chunk.Count);
            case 8 when bytes.Count > 0:
                // Overwrite with an overlong varint: ten continuation bytes where a length or number was.
                at = random.Next(bytes.Count);
                bytes[at] = 0xFF;
                bytes.InsertRange(at, Enumerable.Repeat((byte)0xFF, random.Next(1, 11)));
                return Describe("overlong varint", at, 0);
            default:
                bytes.InsertRange(at, RandomBytes(1));
                return Describe("insert byte", at, 1);
        }
    }

    private byte Interesting() => random.Next(6) switch
    {
        0 => 0x00,
        1 => 0xFF,
        2 => 0x7F,
        3 => 0x80,
        _ => (byte)random.Next(256),
    };

    /// <summary>Numbers at the edges a decoder or validator must handle: zero, sign bits, huge lengths.</summary>
    private ulong InterestingNumber() => random.Next(8) switch
    {
        0 => 0,
        1 => (ulong)random.Next(1, 128),
        2 => int.MaxValue,
        3 => uint.MaxValue,
        4 => ulong.MaxValue,
        5 => 1UL << 63,
        6 => unchecked((ulong)-1L),
        _ => (ulong)random.NextInt64(),
    };

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return [.. bytes];
    }

    private static string Describe(string what, int at, int detail)
        => string.Create(CultureInfo.InvariantCulture, $"{what} @{at} ({detail})");
}
