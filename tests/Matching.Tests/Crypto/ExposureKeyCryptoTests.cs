using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Tracing.Matching.Crypto;

namespace Tracing.Matching.Tests.Crypto;

public class ExposureKeyCryptoTests
{
    // Published GAEN v1.2 test vectors ("Exposure Notification cryptography test vectors", as carried in
    // google/exposure-notifications-internals TestVectors.java): one TEK generated at unix time
    // 1585785600, interval 2642976, metadata 40 08 00 00. Entry k is the interval 2642976 + k.
    private const string Tek = "75c734c6dd1a782de7a965da5eb93125";
    private const string Rpik = "185ad91db69ec7dd048960f1f3ba6175";
    private const string Aemk = "d57c46af7a1d83965b9bed8bd152936a";
    private const string Metadata = "40080000";
    private const long KeyGenerationSeconds = 1585785600;
    private const uint KeyInterval = 2642976;

    public static TheoryData<int, string, string> PublishedIdentifiers => new()
    {
        { 0, "8be6cd371c5c891604bfbe49df845096", "72033874" },
        { 1, "3c9a1de5dd6b02afa7fded7b570b3e56", "c29211b1" },
        { 2, "243ffe9a3b08bded3094bac8630bb8ad", "6adfad03" },
        { 3, "dfc3ed265e97d0eabb630e168b4214ed", "f1e2f80b" },
        { 4, "b3b85a69ebaec78db739852d1f34e0fa", "5668c474" },
        { 5, "298abd6fdad29efbf0f85a63956cf188", "f7b97e84" },
        { 6, "105e8221dd603d25b94aba0c3cc8dee1", "eeabfdc7" },
        { 7, "9888ca7e6738ec4bc6e420b20f878b3a", "9f84a9a6" },
        { 142, "a65ef7ba9752c4173ba48a33849c5e52", "592dbca8" },
        { 143, "f431b62ecf443102ce4ed0407de54bd4", "1215e57e" },
    };

    [Fact]
    public void IntervalNumber_OfPublishedKeyGenerationTime_IsPublishedInterval()
    {
        var generated = DateTimeOffset.FromUnixTimeSeconds(KeyGenerationSeconds);

        Assert.Equal(KeyInterval, ExposureKeyCrypto.IntervalNumber(generated));
        Assert.Equal(KeyInterval, ExposureKeyCrypto.IntervalNumber(generated.AddSeconds(599)));
        Assert.Equal(KeyInterval + 1, ExposureKeyCrypto.IntervalNumber(generated.AddSeconds(600)));
    }

    [Fact]
    public void IntervalNumber_BeforeEpoch_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ExposureKeyCrypto.IntervalNumber(DateTimeOffset.UnixEpoch.AddSeconds(-1)));

    [Fact]
    public void DeriveIdentifierKey_MatchesPublishedRpik()
    {
        var rpik = new byte[ExposureKeyCrypto.KeyLength];
        ExposureKeyCrypto.DeriveIdentifierKey(Convert.FromHexString(Tek), rpik);

        Assert.Equal(Rpik, Convert.ToHexStringLower(rpik));
    }

    [Fact]
    public void DeriveMetadataKey_MatchesPublishedAemk()
    {
        var aemk = new byte[ExposureKeyCrypto.KeyLength];
        ExposureKeyCrypto.DeriveMetadataKey(Convert.FromHexString(Tek), aemk);

        Assert.Equal(Aemk, Convert.ToHexStringLower(aemk));
    }

    [Theory]
    [MemberData(nameof(PublishedIdentifiers))]
    public void DeriveIdentifiers_ForWholeKey_MatchesPublishedRpis(int index, string rpi, string aem)
    {
        _ = aem;
        var all = new byte[ExposureKeyCrypto.IntervalsPerKey * ExposureKeyCrypto.IdentifierLength];
        ExposureKeyCrypto.DeriveIdentifiers(Convert.FromHexString(Tek), KeyInterval, ExposureKeyCrypto.IntervalsPerKey, all);

        Assert.Equal(rpi, Convert.ToHexStringLower(Identifier(all, index)));
    }

    [Theory]
    [MemberData(nameof(PublishedIdentifiers))]
    public void DeriveIdentifiers_SingleInterval_MatchesPublishedRpi(int index, string rpi, string aem)
    {
        _ = aem;
        var one = new byte[ExposureKeyCrypto.IdentifierLength];
        ExposureKeyCrypto.DeriveIdentifiers(Convert.FromHexString(Tek), KeyInterval + (uint)index, 1, one);

        Assert.Equal(rpi, Convert.ToHexStringLower(one));
    }

    [Theory]
    [MemberData(nameof(PublishedIdentifiers))]
    public void EncryptMetadata_MatchesPublishedAem_AndDecryptsBack(int index, string rpi, string aem)
    {
        _ = index;
        byte[] tek = Convert.FromHexString(Tek);
        byte[] identifier = Convert.FromHexString(rpi);
        var encrypted = new byte[ExposureKeyCrypto.MetadataLength];
        var decrypted = new byte[ExposureKeyCrypto.MetadataLength];

        ExposureKeyCrypto.EncryptMetadata(tek, identifier, Convert.FromHexString(Metadata), encrypted);
        ExposureKeyCrypto.DecryptMetadata(tek, identifier, encrypted, decrypted);

        Assert.Equal(aem, Convert.ToHexStringLower(encrypted));
        Assert.Equal(Metadata, Convert.ToHexStringLower(decrypted));
    }

    [Fact]
    public void IdentifierDeriver_ReusedAcrossKeys_MatchesStaticDerivation()
    {
        var random = new Random(20210501);
        using var deriver = new IdentifierDeriver();
        var expected = new byte[ExposureKeyCrypto.IntervalsPerKey * ExposureKeyCrypto.IdentifierLength];
        var actual = new byte[expected.Length];

        // The published key first, then random keys, all through one deriver (and so one AES instance).
        deriver.DeriveIdentifiers(Convert.FromHexString(Tek), KeyInterval, ExposureKeyCrypto.IntervalsPerKey, actual);
        Assert.Equal("8be6cd371c5c891604bfbe49df845096", Convert.ToHexStringLower(Identifier(actual, 0)));

        for (int key = 0; key < 14; key++)
        {
            byte[] tek = RandomBytes(random, ExposureKeyCrypto.KeyLength);
            uint start = (uint)random.Next(0, int.MaxValue);
            int count = random.Next(1, ExposureKeyCrypto.IntervalsPerKey + 1);

            ExposureKeyCrypto.DeriveIdentifiers(tek, start, count, expected);
            deriver.DeriveIdentifiers(tek, start, count, actual);

            Assert.Equal(expected.AsSpan(0, count * ExposureKeyCrypto.IdentifierLength).ToArray(), actual.AsSpan(0, count * ExposureKeyCrypto.IdentifierLength).ToArray());
        }
    }

    [Fact]
    public void DeriveIdentifiers_Batched_EqualsReferencePerInterval_OnRandomKeys()
    {
        var random = new Random(1234567);
        for (int trial = 0; trial < 50; trial++)
        {
            byte[] tek = RandomBytes(random, ExposureKeyCrypto.KeyLength);
            int count = random.Next(1, ExposureKeyCrypto.IntervalsPerKey + 1);
            // Include starts near the top of the uint range to exercise the little-endian interval bytes.
            uint start = trial % 5 == 0
                ? uint.MaxValue - (uint)count + 1
                : (uint)random.NextInt64(0, (long)uint.MaxValue - count + 1);
            var batched = new byte[count * ExposureKeyCrypto.IdentifierLength];

            ExposureKeyCrypto.DeriveIdentifiers(tek, start, count, batched);

            for (int i = 0; i < count; i++)
            {
                byte[] reference = Reference.Identifier(tek, start + (uint)i);
                Assert.Equal(reference, Identifier(batched, i));
            }
        }
    }

    [Fact]
    public void DerivedKeys_EqualReferenceHkdf_OnRandomKeys()
    {
        var random = new Random(42);
        var rpik = new byte[ExposureKeyCrypto.KeyLength];
        var aemk = new byte[ExposureKeyCrypto.KeyLength];
        for (int trial = 0; trial < 20; trial++)
        {
            byte[] tek = RandomBytes(random, ExposureKeyCrypto.KeyLength);

            ExposureKeyCrypto.DeriveIdentifierKey(tek, rpik);
            ExposureKeyCrypto.DeriveMetadataKey(tek, aemk);

            Assert.Equal(Reference.Hkdf(tek, "EN-RPIK"), rpik);
            Assert.Equal(Reference.Hkdf(tek, "EN-AEMK"), aemk);
        }
    }

    [Fact]
    public void EncryptMetadata_EqualsReferenceCtr_AndRoundTrips_OnRandomData()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 40; trial++)
        {
            byte[] tek = RandomBytes(random, ExposureKeyCrypto.KeyLength);
            byte[] rpi = RandomBytes(random, ExposureKeyCrypto.IdentifierLength);
            if (trial % 4 == 0)
            {
                // A counter about to wrap: the 128-bit big-endian increment must carry through every byte.
                rpi.AsSpan().Fill(0xff);
                rpi[^1] = 0xfe;
            }

            // Mostly 4-byte metadata, sometimes longer (several keystream blocks), sometimes beyond the stack limit.
            int length = (trial % 3) switch { 0 => ExposureKeyCrypto.MetadataLength, 1 => random.Next(0, 80), _ => random.Next(200, 400) };
            byte[] metadata = RandomBytes(random, length);
            var aem = new byte[length];
            var back = new byte[length];

            ExposureKeyCrypto.EncryptMetadata(tek, rpi, metadata, aem);
            ExposureKeyCrypto.DecryptMetadata(tek, rpi, aem, back);

            Assert.Equal(Reference.Ctr(Reference.Hkdf(tek, "EN-AEMK"), rpi, metadata), aem);
            Assert.Equal(metadata, back);
        }
    }

    [Fact]
    public void WrongLengths_AreRejectedWithArgumentException()
    {
        byte[] tek = Convert.FromHexString(Tek);
        var rpi = new byte[ExposureKeyCrypto.IdentifierLength];
        var key = new byte[ExposureKeyCrypto.KeyLength];

        var badTek = Assert.Throws<ArgumentException>(() => ExposureKeyCrypto.DeriveIdentifiers(new byte[15], KeyInterval, 1, rpi));
        Assert.Equal("tek", badTek.ParamName);
        Assert.Contains("16 bytes", badTek.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ExposureKeyCrypto.DeriveIdentifierKey(new byte[17], key));
        Assert.Throws<ArgumentException>(() => ExposureKeyCrypto.DeriveMetadataKey(tek, new byte[15]));
        Assert.Throws<ArgumentException>(() => ExposureKeyCrypto.DeriveIdentifiers(tek, KeyInterval, 2, rpi));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExposureKeyCrypto.DeriveIdentifiers(tek, KeyInterval, -1, rpi));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExposureKeyCrypto.DeriveIdentifiers(tek, KeyInterval, 145, new byte[145 * 16]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExposureKeyCrypto.DeriveIdentifiers(tek, uint.MaxValue, 2, new byte[32]));
        Assert.Throws<ArgumentException>(() => ExposureKeyCrypto.EncryptMetadata(tek, new byte[8], new byte[4], new byte[4]));
        Assert.Throws<ArgumentException>(() => ExposureKeyCrypto.EncryptMetadata(tek, rpi, new byte[4], new byte[3]));

        using var deriver = new IdentifierDeriver();
        Assert.Throws<ArgumentException>(() => deriver.DeriveIdentifiers(new byte[16], 0, 1, new byte[15]));
    }

    [Fact]
    public void DeriveIdentifiers_ZeroCount_WritesNothing()
    {
        var destination = new byte[16];
        destination.AsSpan().Fill(0xaa);

        ExposureKeyCrypto.DeriveIdentifiers(Convert.FromHexString(Tek), KeyInterval, 0, destination);

        Assert.All(destination, b => Assert.Equal(0xaa, b));
    }

    [Fact]
    public void IdentifierDeriver_AfterDispose_Throws()
    {
        var deriver = new IdentifierDeriver();
        deriver.Dispose();

        Assert.Throws<ObjectDisposedException>(() => deriver.DeriveIdentifiers(new byte[16], 0, 1, new byte[16]));
    }

    private static byte[] Identifier(byte[] identifiers, int index) =>
        identifiers.AsSpan(index * ExposureKeyCrypto.IdentifierLength, ExposureKeyCrypto.IdentifierLength).ToArray();

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Obviously correct, slow GAEN derivation straight from the specification's formulas.</summary>
    private static class Reference
    {
        // HKDF (RFC 5869) with no salt and a one-block output: PRK = HMAC(0^32, IKM); OKM = HMAC(PRK, info ‖ 0x01).
        public static byte[] Hkdf(byte[] ikm, string info)
        {
            byte[] prk = HMACSHA256.HashData(new byte[32], ikm);
            byte[] message = [.. Encoding.UTF8.GetBytes(info), 0x01];
            byte[] t1 = HMACSHA256.HashData(prk, message);
            return t1[..16];
        }

        public static byte[] Identifier(byte[] tek, uint interval)
        {
            var padded = new byte[16];
            Encoding.UTF8.GetBytes("EN-RPI").CopyTo(padded, 0);
            BitConverter.GetBytes(interval).CopyTo(padded, 12);
            if (!BitConverter.IsLittleEndian)
            {
                Array.Reverse(padded, 12, 4);
            }

            return EncryptBlock(Hkdf(tek, "EN-RPIK"), padded);
        }

        // CTR with the counter as an unsigned 128-bit big-endian integer, one block at a time.
        public static byte[] Ctr(byte[] key, byte[] iv, byte[] data)
        {
            var modulus = BigInteger.One << 128;
            var start = new BigInteger(iv, isUnsigned: true, isBigEndian: true);
            var output = new byte[data.Length];
            for (int block = 0; block * 16 < data.Length; block++)
            {
                byte[] counterBytes = ((start + block) % modulus).ToByteArray(isUnsigned: true, isBigEndian: true);
                var counter = new byte[16];
                counterBytes.CopyTo(counter, 16 - counterBytes.Length);
                byte[] keystream = EncryptBlock(key, counter);
                for (int i = block * 16; i < Math.Min(data.Length, (block + 1) * 16); i++)
                {
                    output[i] = (byte)(data[i] ^ keystream[i - (block * 16)]);
                }
            }

            return output;
        }

        private static byte[] EncryptBlock(byte[] key, byte[] block)
        {
            using var aes = Aes.Create();
            aes.Key = key;
            return aes.EncryptEcb(block, PaddingMode.None);
        }
    }
}
