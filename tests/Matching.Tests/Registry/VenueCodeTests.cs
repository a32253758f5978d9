using Tracing.Matching.Registry;

namespace Tracing.Matching.Tests.Registry;

/// <summary>Venue codes are typed by people: a typo must be caught, and harmless differences forgiven.</summary>
public sealed class VenueCodeTests
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    [Fact]
    public void A_new_code_reads_back_as_itself_however_it_is_written()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = VenueCode.New();
            Assert.Matches("^v-[0-9a-hjkmnp-tv-z]{11}$", code);
            foreach (var typed in new[] { code, code.ToUpperInvariant(), VenueCode.Display(code), " " + VenueCode.Display(code).Replace('-', ' ') + " " })
            {
                Assert.True(VenueCode.TryRead(typed, out var read, out var problem), problem);
                Assert.Equal(code, read);
            }
        }
    }

    [Fact]
    public void I_L_and_O_typed_for_1_1_and_0_are_forgiven()
    {
        var code = CodeContaining('1', '0');
        var typed = code.Replace('1', 'L').Replace('0', 'O');
        Assert.True(VenueCode.TryRead(typed, out var read, out _));
        Assert.Equal(code, read);
    }

    [Fact]
    public void Every_single_mistyped_character_is_caught()
    {
        for (var i = 0; i < 50; i++)
        {
            var code = VenueCode.New();
            for (var position = 2; position < code.Length; position++)
            {
                foreach (var other in Alphabet.Where(c => c != code[position]))
                {
                    var typo = code[..position] + other + code[(position + 1)..];
                    Assert.False(VenueCode.TryRead(typo, out _, out var problem), typo);
                    Assert.Contains("mistyped", problem, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Two_swapped_neighbours_are_caught_unless_they_are_0_and_z()
    {
        // Luhn mod 32 misses exactly one swap, as Luhn mod 10 misses 09 / 90.
        for (var i = 0; i < 200; i++)
        {
            var code = VenueCode.New();
            for (var position = 2; position + 1 < code.Length; position++)
            {
                var (a, b) = (code[position], code[position + 1]);
                if (a == b)
                    continue;
                var swapped = code[..position] + b + a + code[(position + 2)..];
                var undetectable = (a, b) is ('0', 'z') or ('z', '0');
                Assert.Equal(undetectable, VenueCode.TryRead(swapped, out _, out _));
            }
        }
    }

    [Theory]
    [InlineData("", "start with V")]
    [InlineData("x-7k3m9q2x4tc", "start with V")]
    [InlineData("v-7k3m9q2x4t", "10 of its 11 characters")]
    [InlineData("v-7k3m9q2x4tcc", "too many characters")]
    [InlineData("v-7k3m9q2x4t!", "the character '!'")]
    [InlineData("v-7k3m9q2x4tu", "the character 'u'")]
    public void What_is_not_a_code_is_refused_with_the_reason(string typed, string reason)
    {
        Assert.False(VenueCode.TryRead(typed, out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    private static string CodeContaining(char first, char second)
    {
        while (true)
        {
            var code = VenueCode.New();
            if (code[2..].Contains(first, StringComparison.Ordinal) && code[2..].Contains(second, StringComparison.Ordinal))
                return code;
        }
    }
}
