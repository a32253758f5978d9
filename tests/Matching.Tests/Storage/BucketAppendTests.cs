using System.Buffers.Binary;
using System.Security.Cryptography;
using Tracing.Matching.Model;
using Tracing.Matching.Storage.Observations;

namespace Tracing.Matching.Tests.Storage;

/// <summary>
/// Appends to one bucket of a day store, as the applier makes them: each sighting with the log address of its entry.
/// A replay after a crash cuts the log into runs as it finds it, so one append may carry sightings the bucket holds
/// already and sightings it does not: only the second kind may be added, whether the bucket has room or must grow.
/// </summary>
public sealed class BucketAppendTests : IDisposable
{
    private const uint Bucket = 5;
    private static readonly long Day = new DateTimeOffset(2021, 8, 20, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() / 86_400;
    private readonly TempDirectory _directory = new();
    private readonly DayPartition _day;

    public BucketAppendTests() => _day = new DayPartition(_directory.Path, Day, ObservationOptions.Small);

    public void Dispose()
    {
        _day.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void An_append_straddling_what_the_bucket_holds_adds_only_the_sightings_of_later_entries()
    {
        var rpi = Identifier(1);
        Append((100, Sighting(rpi, 1)), (200, Sighting(rpi, 2)));
        // A replay's run: entries 100 and 200 again, with 300 and 400 that the bucket has not seen.
        Append((100, Sighting(rpi, 1)), (200, Sighting(rpi, 2)), (300, Sighting(rpi, 3)), (400, Sighting(rpi, 4)));
        // Only entries it holds: nothing to add.
        Append((300, Sighting(rpi, 3)));

        Assert.Equal([1u, 2u, 3u, 4u], Observers(rpi));
    }

    [Fact]
    public void A_straddling_append_that_outgrows_the_bucket_copies_it_and_still_adds_only_the_later_sightings()
    {
        var room = ObservationOptions.Small.InitialBucketCapacity;
        var rpis = Enumerable.Range(0, room + 50).Select(Identifier).ToArray();
        var held = rpis.Take(room - 10).Select((rpi, i) => (Address: 100L + i, Sighting: Sighting(rpi, 1))).ToArray();
        Append(held);
        var replayed = held.Concat(rpis.Skip(room - 10).Select((rpi, i) => (Address: 100L + room + i, Sighting: Sighting(rpi, 2)))).ToArray();
        Append(replayed);

        Assert.All(rpis.Take(room - 10), rpi => Assert.Equal([1u], Observers(rpi)));
        Assert.All(rpis.Skip(room - 10), rpi => Assert.Equal([2u], Observers(rpi)));
    }

    private void Append(params (long Address, SightingEntry Sighting)[] sightings)
    {
        var input = new byte[BucketFunctions.Input.Size(sightings.Length)];
        BucketFunctions.Input.Layout(input, sightings.Length, out var addresses, out var entries);
        for (var i = 0; i < sightings.Length; i++)
        {
            addresses[i] = sightings[i].Address;
            entries[i] = sightings[i].Sighting;
        }
        _day.Append(Bucket, input);
    }

    private uint[] Observers(byte[] rpi)
    {
        var sink = default(SightingSink);
        try
        {
            using (var reader = _day.OpenReader())
                reader.CollectStored(rpi, ref sink);
            return [.. sink.Observations.ToArray().Select(o => o.Observer).Order()];
        }
        finally
        {
            sink.Dispose();
        }
    }

    /// <summary>A random identifier whose first bytes put it in <see cref="Bucket"/>.</summary>
    private static byte[] Identifier(int _)
    {
        var rpi = RandomNumberGenerator.GetBytes(16);
        BinaryPrimitives.WriteUInt32LittleEndian(rpi, Bucket);
        return rpi;
    }

    private static SightingEntry Sighting(byte[] rpi, uint observer)
        => SightingEntry.Of(rpi, new Observation(observer, (uint)(Day * 86_400) + 600, 300, 55, 0, 0));
}
