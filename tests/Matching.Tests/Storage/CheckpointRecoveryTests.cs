using System.Security.Cryptography;
using Tracing.Matching.Ledger;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tests.Tracing;

namespace Tracing.Matching.Tests.Storage;

/// <summary>
/// A restart recovers a day store from the checkpoint named last, whatever else a kill left in the checkpoint
/// folder: here the metadata of an older checkpoint whose snapshot was already deleted (a kill while deleting it),
/// which FASTER itself may pick, recovering an empty day.
/// </summary>
public sealed class CheckpointRecoveryTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2021, 8, 20, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_day_comes_back_whole_beside_the_leftovers_of_an_older_checkpoint()
    {
        var (first, second) = (RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(16));
        var checkpoints = Path.Combine(_directory.Path, "partitions", "0", "observations", $"day-{Now.ToUnixTimeSeconds() / 86_400}", "checkpoints", "cpr-checkpoints");
        var leftovers = new Dictionary<string, byte[]>();
        await using (var engine = Open())
        {
            engine.Contacts.Ingest("u-a", 7, "b1", [Seen(first)]);
            await engine.CommitAsync();
            await engine.CheckpointDaysAsync();
            // Keep the older checkpoint's metadata, as a kill while deleting it would leave it.
            foreach (var info in Directory.GetFiles(checkpoints, "info.dat*", SearchOption.AllDirectories))
                leftovers[Path.GetRelativePath(checkpoints, info)] = await File.ReadAllBytesAsync(info);
            engine.Contacts.Ingest("u-a", 7, "b2", [Seen(second)]);
            await engine.CommitAsync();
            await engine.CheckpointDaysAsync();
        }
        Assert.NotEmpty(leftovers);
        foreach (var (relative, content) in leftovers)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(checkpoints, relative))!);
            await File.WriteAllBytesAsync(Path.Combine(checkpoints, relative), content);
        }

        await using var reopened = Open();
        Assert.Single(reopened.Contacts.SightingsOf(first));
        Assert.Single(reopened.Contacts.SightingsOf(second));
    }

    private TracingEngine Open() => TracingEngine.Open(
        new EngineOptions { Store = StoreOptions.Small(_directory.Path), Observations = ObservationOptions.Small, Scans = ScanOptions.Small },
        new ManualClock(Now));

    private static ReportedObservation Seen(byte[] rpi) => new(rpi, ReadOnlyMemory<byte>.Empty, Now.AddHours(-1), 300, -60, -5);
}
