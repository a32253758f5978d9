using Tracing.Matching.Partitions;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Scans;

namespace Tracing.Matching.Tests.Storage;

/// <summary>A storage root keeps the partition count it was created with, and its scans and sightings where they were routed.</summary>
public sealed class PartitionLayoutTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public void The_count_is_fixed_at_creation()
    {
        Assert.Equal(5, PartitionLayout.OpenOrCreate(_directory.Path, 5).Count);

        Assert.Equal(5, PartitionLayout.OpenOrCreate(_directory.Path, null).Count);
        var refusal = Assert.Throws<InvalidOperationException>(() => PartitionLayout.OpenOrCreate(_directory.Path, 8));
        Assert.Contains("created with 5 partitions", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PartitionLayout.MaxCount + 1)]
    public void A_count_outside_the_range_is_refused(int count)
        => Assert.Throws<InvalidOperationException>(() => PartitionLayout.OpenOrCreate(_directory.Path, count));

    [Fact]
    public void Venues_and_observers_spread_over_every_partition()
    {
        var layout = new PartitionLayout(12);
        var venues = Enumerable.Range(1, 1_200).Select(n => layout.OfVenue((uint)n)).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(12, venues.Count);
        Assert.All(venues.Values, count => Assert.InRange(count, 50, 150));
        Assert.All(Enumerable.Range(1, 1_000), n => Assert.InRange(layout.OfObserver((uint)n), 0, 11));
    }

    [Fact]
    public async Task A_store_from_before_partitions_becomes_partition_0_of_1_with_its_scans()
    {
        var options = new EngineOptions { Store = StoreOptions.Small(_directory.Path), Scans = ScanOptions.Small };
        uint venue;
        await using (var before = TracingEngine.Open(options))
        {
            var person = before.People.RegisterDevice();
            var registered = before.Venues.Register(new Matching.Registry.VenueRegistration { Name = "Chợ", ProvinceCode = "01", DistrictCode = "001", WardCode = "00001", StreetAddress = "1 Tràng Tiền", RegistrantName = "Nguyễn Văn A", RegistrantPhone = "0966323000" }, person.UserId);
            venue = registered.Number;
            before.CheckIns.Record(new Matching.Ledger.ScanCommand(person.UserId, "e1", person, registered, DateTimeOffset.UtcNow.AddMinutes(-1), Model.ScanDirection.In, Model.ScanMethod.Self, 0));
            await before.CommitAsync();
        }
        // The layout of an older root: its day stores directly under it, no partitions folder.
        Directory.Move(Path.Combine(_directory.Path, "partitions", "0", "scans"), Path.Combine(_directory.Path, "scans"));
        Directory.Move(Path.Combine(_directory.Path, "partitions", "0", "observations"), Path.Combine(_directory.Path, "observations"));
        Directory.Delete(Path.Combine(_directory.Path, "partitions"), recursive: true);

        await using var after = TracingEngine.Open(options);

        Assert.Equal(1, after.Partitions.Layout.Count);
        Assert.Single(after.CheckIns.ScansAt(venue, DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    }

    public void Dispose() => _directory.Dispose();
}
