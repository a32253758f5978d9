using System.Globalization;
using Tracing.Crash;

namespace Tracing.Server.Tests;

/// <summary>
/// `kill -9` during sustained ingestion, three times: the server process is killed hard at moments drawn from a
/// logged seed while phones upload contact batches and door scanners stream scans; after each restart on the same
/// folder every write acknowledged since the start is there exactly once, and the load goes on.
/// </summary>
public sealed class CrashRecoveryTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    /// <summary>Set to a seed printed by an earlier run to repeat its kill moments.</summary>
    private const string SeedVariable = "TRACING_CRASH_SEED";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "tracing-crash-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Every_acknowledged_batch_and_scan_survives_three_hard_kills()
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (run again with {SeedVariable}={seed} to repeat the kill moments)");

        var rounds = (await CrashRun.RunAsync(new CrashRunOptions { DataDir = _dataDir, Seed = seed, Rounds = 3, Log = output.WriteLine })).Rounds;

        Assert.Equal(3, rounds.Count);
        var checkedBefore = 0;
        foreach (var round in rounds)
        {
            Assert.Empty(round.Failures);
            // Writes went on after each restart, and each kill struck in the middle of them.
            Assert.InRange(round.AcknowledgedBatches, round.KillAfterBatches, int.MaxValue);
            Assert.True(round.AcknowledgedScans > 0, $"round {round.Round}: no scan was acknowledged before the kill");
            // Every write acknowledged since the start is there once, none twice, none torn, none made up.
            Assert.True(round.Audit.Intact, $"{round}{Environment.NewLine}{string.Join(Environment.NewLine, round.Audit.Problems)}");
            Assert.True(round.Audit.BatchesChecked > checkedBefore, $"round {round.Round} checked no more batches than the one before");
            Assert.True(round.Audit.ScansChecked > 0 && round.Audit.VisitsChecked > 0, $"round {round.Round} checked no scans or visits");
            checkedBefore = round.Audit.BatchesChecked;
        }
    }
}
