using System.Buffers;
using System.CommandLine;
using Tracing.Matching.Crypto;

namespace Tracing.Cli;

/// <summary><c>tracing keys ...</c>: GAEN key tools.</summary>
internal static class KeysCommand
{
    /// <summary>Exit code for input the command refuses (bad hex, wrong length, count out of range).</summary>
    public const int InvalidInputExitCode = 2;

    /// <summary>Builds the <c>keys</c> command and its subcommands.</summary>
    public static Command Create()
    {
        var keys = new Command("keys", "Exposure-key tools (GAEN v1.2 derivation).");
        keys.Subcommands.Add(CreateDerive());
        return keys;
    }

    private static Command CreateDerive()
    {
        var tek = new Option<string>("--tek")
        {
            Description = "Temporary exposure key: 32 hexadecimal digits (16 bytes).",
            Required = true,
        };
        var start = new Option<uint>("--start")
        {
            Description = "First interval number (unix seconds / 600), e.g. the key's rolling start.",
            Required = true,
        };
        var count = new Option<int>("--count")
        {
            Description = $"Number of intervals, 1 to {ExposureKeyCrypto.IntervalsPerKey}.",
            DefaultValueFactory = _ => ExposureKeyCrypto.IntervalsPerKey,
        };
        var metadata = new Option<string?>("--metadata")
        {
            Description = "Bluetooth metadata to encrypt into each AEM: 8 hexadecimal digits (4 bytes).",
        };

        var derive = new Command("derive", "Print the rolling proximity identifiers (and AEMs) of a temporary exposure key, one interval per line: INTERVAL RPI [AEM].");
        derive.Options.Add(tek);
        derive.Options.Add(start);
        derive.Options.Add(count);
        derive.Options.Add(metadata);
        derive.SetAction(parseResult =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            return Derive(
                parseResult.GetValue(tek) ?? string.Empty,
                parseResult.GetValue(start),
                parseResult.GetValue(count),
                parseResult.GetValue(metadata),
                output,
                error);
        });
        return derive;
    }

    /// <summary>Validates the input, then writes one <c>INTERVAL RPI [AEM]</c> line per interval.</summary>
    private static int Derive(string tekHex, uint start, int count, string? metadataHex, TextWriter output, TextWriter error)
    {
        Span<byte> tek = stackalloc byte[ExposureKeyCrypto.KeyLength];
        if (!TryParseHex(tekHex, tek))
        {
            return Fail(error, $"--tek must be {ExposureKeyCrypto.KeyLength * 2} hexadecimal digits ({ExposureKeyCrypto.KeyLength} bytes).");
        }

        if (count is < 1 or > ExposureKeyCrypto.IntervalsPerKey)
        {
            return Fail(error, $"--count must be between 1 and {ExposureKeyCrypto.IntervalsPerKey}, not {count}.");
        }

        if ((ulong)start + (ulong)count - 1 > uint.MaxValue)
        {
            return Fail(error, $"--start {start} with --count {count} runs past the last interval number {uint.MaxValue}.");
        }

        Span<byte> metadata = stackalloc byte[ExposureKeyCrypto.MetadataLength];
        bool withMetadata = metadataHex is not null;
        if (metadataHex is not null && !TryParseHex(metadataHex, metadata))
        {
            return Fail(error, $"--metadata must be {ExposureKeyCrypto.MetadataLength * 2} hexadecimal digits ({ExposureKeyCrypto.MetadataLength} bytes).");
        }

        Span<byte> identifiers = stackalloc byte[count * ExposureKeyCrypto.IdentifierLength];
        ExposureKeyCrypto.DeriveIdentifiers(tek, start, count, identifiers);

        Span<byte> aem = stackalloc byte[ExposureKeyCrypto.MetadataLength];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> rpi = identifiers.Slice(i * ExposureKeyCrypto.IdentifierLength, ExposureKeyCrypto.IdentifierLength);
            uint interval = start + (uint)i;
            if (withMetadata)
            {
                ExposureKeyCrypto.EncryptMetadata(tek, rpi, metadata, aem);
                output.WriteLine($"{interval} {Convert.ToHexStringLower(rpi)} {Convert.ToHexStringLower(aem)}");
            }
            else
            {
                output.WriteLine($"{interval} {Convert.ToHexStringLower(rpi)}");
            }
        }

        return 0;
    }

    // Exactly destination.Length bytes of hex, either case; no exceptions for bad input.
    private static bool TryParseHex(string hex, Span<byte> destination) =>
        hex.Length == destination.Length * 2
        && Convert.FromHexString(hex, destination, out _, out int written) == OperationStatus.Done
        && written == destination.Length;

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"tracing keys derive: {message}");
        return InvalidInputExitCode;
    }
}
