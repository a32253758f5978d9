using Tracing.Cli.Rpc;

namespace Tracing.Clients.Tests;

/// <summary>The upload progress bar: drawn for a person watching, silent for scripts.</summary>
public sealed class ProgressTests
{
    [Fact]
    public void The_bar_ends_full_with_the_count_and_every_item_passes_through()
    {
        using var error = new StringWriter();
        var items = Enumerable.Range(1, 250).ToList();

        var passed = Progress.Track(items, "batches", error, interactive: true).ToList();

        Assert.Equal(items, passed);
        Assert.EndsWith($"\r[{new string('#', 30)}] 250/250 batches{Environment.NewLine}", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_drawn_when_nobody_watches()
    {
        using var error = new StringWriter();

        Assert.Equal(3, Progress.Track([1, 2, 3], "batches", error, interactive: false).Count());
        Assert.Empty(error.ToString());
    }
}
