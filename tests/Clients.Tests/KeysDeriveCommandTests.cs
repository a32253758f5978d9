using System.CommandLine;
using Tracing.Cli;

namespace Tracing.Clients.Tests;

public class KeysDeriveCommandTests
{
    // Published GAEN v1.2 test vectors: TEK, its first interval, and metadata 40 08 00 00.
    private const string Tek = "75c734c6dd1a782de7a965da5eb93125";

    [Fact]
    public void Derive_PrintsPublishedIdentifiers_OnePerInterval()
    {
        var (exitCode, output, error) = Run("keys", "derive", "--tek", Tek, "--start", "2642976", "--count", "3");

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Equal(
            [
                "2642976 8be6cd371c5c891604bfbe49df845096",
                "2642977 3c9a1de5dd6b02afa7fded7b570b3e56",
                "2642978 243ffe9a3b08bded3094bac8630bb8ad",
            ],
            Lines(output));
    }

    [Fact]
    public void Derive_WithMetadata_AppendsPublishedAem()
    {
        var (exitCode, output, error) = Run("keys", "derive", "--tek", Tek.ToUpperInvariant(), "--start", "2642976", "--count", "2", "--metadata", "40080000");

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Equal(
            [
                "2642976 8be6cd371c5c891604bfbe49df845096 72033874",
                "2642977 3c9a1de5dd6b02afa7fded7b570b3e56 c29211b1",
            ],
            Lines(output));
    }

    [Fact]
    public void Derive_WithoutCount_PrintsWholeKey()
    {
        var (exitCode, output, _) = Run("keys", "derive", "--tek", Tek, "--start", "2642976", "--metadata", "40080000");

        Assert.Equal(0, exitCode);
        string[] lines = Lines(output);
        Assert.Equal(144, lines.Length);
        Assert.Equal("2643119 f431b62ecf443102ce4ed0407de54bd4 1215e57e", lines[^1]);
    }

    [Theory]
    [InlineData("--tek", "75c734c6dd1a782de7a965da5eb9312", "--tek")] // odd number of digits
    [InlineData("--tek", "75c734c6dd1a782de7a965da5eb931", "--tek")] // 15 bytes
    [InlineData("--tek", "75c734c6dd1a782de7a965da5eb9312500", "--tek")] // 17 bytes
    [InlineData("--tek", "zzc734c6dd1a782de7a965da5eb93125", "--tek")] // not hex
    [InlineData("--count", "0", "--count")]
    [InlineData("--count", "145", "--count")]
    [InlineData("--count", "-3", "--count")]
    [InlineData("--metadata", "400800", "--metadata")]
    [InlineData("--metadata", "4008000g", "--metadata")]
    [InlineData("--start", "4294967295", "--start")] // with the default count, runs past 2^32 - 1
    public void Derive_BadInput_ExitsWithCode2AndOneLineError(string option, string value, string named)
    {
        var arguments = new Dictionary<string, string>
        {
            ["--tek"] = Tek,
            ["--start"] = "2642976",
            ["--count"] = option == "--start" ? "144" : "4",
            [option] = value,
        };
        string[] args = ["keys", "derive", .. arguments.SelectMany(pair => new[] { pair.Key, pair.Value })];

        var (exitCode, output, error) = Run(args);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        string line = Assert.Single(Lines(error));
        Assert.StartsWith("tracing keys derive: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand("test root");
        root.Subcommands.Add(KeysCommand.Create());
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exitCode = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });

        return (exitCode, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
