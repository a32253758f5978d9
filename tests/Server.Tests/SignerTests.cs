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
}
