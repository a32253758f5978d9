using System.Security.Cryptography;
using System.Text;
using Tracing.Server.Security;

namespace Tracing.Server.Tests;

/// <summary>
/// The signatures in printed QR posters and issued tokens: they must stay what they were when issued (HMAC-SHA256,
/// first 128 bits, base64url), whichever thread checks them.
/// </summary>
public sealed class SignerTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a fixed key for the known answer");

    [Fact]
    public void A_signature_is_the_first_128_bits_of_the_texts_HMAC_SHA256_in_base64url()
    {
        // Known answer, computed once with HMACSHA256.HashData (the code that signed the first posters).
        Assert.Equal("Xy4Cub968oawVm8-q6QySg", new Signer(Key).Sign("venue:v-abcdefghjk"));
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Key, "person:u-1"u8)[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, new Signer(Key).Sign("person:u-1"));
    }

    [Fact]
    public async Task Signatures_agree_across_threads_and_altered_ones_fail()
    {
        var signer = new Signer(Key);
        var texts = Enumerable.Range(0, 200).Select(i => $"person:u-{i}").ToArray();
        var signatures = texts.Select(signer.Sign).ToArray();
        var checks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => texts.Select((t, i) => signer.Verify(t, signatures[i])).All(ok => ok))));
        Assert.All(checks, Assert.True);
        Assert.False(signer.Verify(texts[0], signatures[1]));
        Assert.False(signer.Verify(texts[0] + "x", signatures[0]));
        Assert.False(signer.Verify(texts[0], signatures[0][..^1]));
    }

    [Theory]
    [InlineData("person:", "u-1.1767225600")]
    [InlineData("venue:", "")]
    [InlineData("", "Địa điểm — quán phở")]
    public void A_prefix_and_text_are_signed_as_the_joined_text(string prefix, string text)
    {
        var signer = new Signer(Key);
        var signature = signer.Sign(prefix + text);
        Assert.True(signer.Verify(prefix, text, signature));
        Assert.False(signer.Verify(prefix, text + "1", signature));
        Assert.False(signer.Verify("x" + prefix, text, signature));
    }

    [Fact]
    public void A_text_longer_than_the_stack_buffer_is_signed_whole()
    {
        var signer = new Signer(Key);
        var text = string.Concat(Enumerable.Repeat("Phường Bến Nghé, ", 60));
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(text))[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, signer.Sign(text));
        Assert.True(signer.Verify(text.AsSpan(0, 5), text.AsSpan(5), expected));
        Assert.False(signer.Verify(text[..^1], expected));
    }
}
