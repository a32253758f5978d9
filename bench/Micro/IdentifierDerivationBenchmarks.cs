using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Tracing.Matching.Crypto;

namespace Tracing.Bench.Micro;

/// <summary>
/// Expanding a case's 14 temporary exposure keys into 14 × 144 rolling proximity identifiers: one batched
/// AES-ECB call per key against one call per 16-byte block (the baseline).
/// </summary>
[Config(typeof(BenchConfig))]
public class IdentifierDerivationBenchmarks
{
    private const int Keys = 14;
    private const int PerKey = ExposureKeyCrypto.IntervalsPerKey;
    private const int KeyBytes = PerKey * ExposureKeyCrypto.IdentifierLength;

    private readonly byte[] _teks = new byte[Keys * ExposureKeyCrypto.KeyLength];
    private readonly uint[] _starts = new uint[Keys];
    private readonly byte[] _identifiers = new byte[Keys * KeyBytes];
    private Aes _aes = null!;
    private IdentifierDeriver _deriver = null!;

    /// <summary>Fixed random keys on consecutive days, one AES instance and one deriver.</summary>
    [GlobalSetup]
    public void Setup()
    {
        new Random(14).NextBytes(_teks);
        uint today = ExposureKeyCrypto.IntervalNumber(new DateTimeOffset(2021, 8, 1, 0, 0, 0, TimeSpan.Zero));
        for (int key = 0; key < Keys; key++)
        {
            _starts[key] = today - (uint)((Keys - key) * PerKey);
        }

        _aes = Aes.Create();
        _deriver = new IdentifierDeriver();
    }

    /// <summary>Releases the AES instance and the deriver.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _aes.Dispose();
        _deriver.Dispose();
    }

    /// <summary>One HKDF and one rekey per key, then one <c>EncryptEcb</c> call per identifier.</summary>
    [Benchmark(Baseline = true)]
    public byte PerBlock()
    {
        Span<byte> rpik = stackalloc byte[ExposureKeyCrypto.KeyLength];
        Span<byte> block = stackalloc byte[ExposureKeyCrypto.IdentifierLength];
        for (int key = 0; key < Keys; key++)
        {
            ExposureKeyCrypto.DeriveIdentifierKey(Tek(key), rpik);
            _aes.SetKey(rpik);
            Span<byte> destination = _identifiers.AsSpan(key * KeyBytes, KeyBytes);
            for (int i = 0; i < PerKey; i++)
            {
                ExposureKeyCrypto.WritePaddedData(_starts[key] + (uint)i, block);
                _aes.EncryptEcb(block, destination.Slice(i * ExposureKeyCrypto.IdentifierLength, ExposureKeyCrypto.IdentifierLength), PaddingMode.None);
            }
        }

        return _identifiers[^1];
    }

    /// <summary>The engine's reusable deriver: one HKDF, one rekey and one <c>EncryptEcb</c> call per key.</summary>
    [Benchmark]
    public byte BatchedDeriver()
    {
        for (int key = 0; key < Keys; key++)
        {
            _deriver.DeriveIdentifiers(Tek(key), _starts[key], PerKey, _identifiers.AsSpan(key * KeyBytes, KeyBytes));
        }

        return _identifiers[^1];
    }

    /// <summary>The one-shot static API: batched like the deriver, but a new AES instance per key.</summary>
    [Benchmark]
    public byte BatchedStatic()
    {
        for (int key = 0; key < Keys; key++)
        {
            ExposureKeyCrypto.DeriveIdentifiers(Tek(key), _starts[key], PerKey, _identifiers.AsSpan(key * KeyBytes, KeyBytes));
        }

        return _identifiers[^1];
    }

    private ReadOnlySpan<byte> Tek(int key) => _teks.AsSpan(key * ExposureKeyCrypto.KeyLength, ExposureKeyCrypto.KeyLength);
}
