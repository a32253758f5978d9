using System.Collections.Concurrent;
using Tracing.Matching.Records;
using Tracing.Matching.Regions;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Tracing;

/// <summary>
/// The exposure notification feeds: a national feed ("*") and one per province, each numbered from 1, so a
/// reader resumes after the last position it saw. Readers waiting for news are woken on every publish.
/// </summary>
public sealed class Notifications
{
    /// <summary>The national feed's name.</summary>
    public const string National = "*";

    private readonly FasterStore _store;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Sequence> _feeds = new();
    private readonly Lock _publishGate = new();
    private TaskCompletionSource _published = NewSignal();

    internal Notifications(FasterStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Publishes an exposure of person <paramref name="person"/> to the national feed and its province's.</summary>
    public ExposureNotification Publish(uint person, Exposure exposure)
    {
        NotificationRecord record;
        lock (_publishGate)
        {
            var sequence = Feed(National).Next();
            record = new NotificationRecord
            {
                Sequence = sequence,
                NotificationId = $"n-{sequence:D12}",
                Exposure = ExposureRecords.From(exposure),
                CreatedAt = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            _store.WriteRecord(StoreKeys.ForNotification(National, sequence), record);
            if (exposure.ProvinceCode.Length > 0)
                _store.WriteRecord(StoreKeys.ForNotification(exposure.ProvinceCode, Feed(exposure.ProvinceCode).Next()), record);
            _store.AppendItem(StoreKeys.ForPersonExposures(person), sequence);
        }
        Interlocked.Exchange(ref _published, NewSignal()).TrySetResult();
        return ToNotification(record, record.Sequence);
    }

    /// <summary>Up to <paramref name="max"/> notifications of a feed after position <paramref name="after"/>.</summary>
    public List<ExposureNotification> Read(string feed, ulong after, int max)
    {
        var last = WrittenUpTo(feed);
        var page = new List<ExposureNotification>();
        for (var position = Math.Max(after, FirstKept(feed) - 1) + 1; position <= last && page.Count < max; position++)
        {
            if (_store.ReadRecord(StoreKeys.ForNotification(feed, position), NotificationRecord.Parser) is { } record)
                page.Add(ToNotification(record, position));
        }
        return page;
    }

    /// <summary>The last position of a feed (0 when empty).</summary>
    public ulong LastPosition(string feed) => Feed(feed).Last;

    /// <summary>Completes when a feed has news after <paramref name="after"/>.</summary>
    public async Task WaitForNewsAsync(string feed, ulong after, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _published).Task;
            if (Feed(feed).Last > after)
                return;
            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every notification of one person, oldest first.</summary>
    public List<ExposureNotification> OfPerson(uint person)
    {
        var result = new List<ExposureNotification>();
        foreach (var sequence in _store.ReadList<ulong>(StoreKeys.ForPersonExposures(person)))
        {
            if (_store.ReadRecord(StoreKeys.ForNotification(National, sequence), NotificationRecord.Parser) is { } record)
                result.Add(ToNotification(record, sequence));
        }
        return result;
    }

    /// <summary>
    /// Deletes the notifications of every feed created before <paramref name="cutoff"/> (they name people exposed);
    /// a reader's position stays valid, and resumes at the oldest kept. Returns how many were deleted.
    /// </summary>
    internal long DeleteBefore(DateTimeOffset cutoff)
    {
        var before = cutoff.ToUnixTimeMilliseconds();
        long deleted = 0;
        foreach (var feed in AdministrativeRegions.ProvinceNames.Keys.Append(National))
        {
            var last = WrittenUpTo(feed);
            var position = FirstKept(feed);
            for (; position <= last; position++)
            {
                var key = StoreKeys.ForNotification(feed, position);
                if (_store.ReadRecord(key, NotificationRecord.Parser) is { } record && record.CreatedAt >= before)
                    break;
                _store.Delete(key);
                deleted++;
            }
            _store.WriteCounter(FirstKeptCounter(feed), position);
        }
        return deleted;
    }

    /// <summary>The last position of a feed whose notification is written (a publish takes its number, then writes).</summary>
    private ulong WrittenUpTo(string feed)
    {
        lock (_publishGate)
            return Feed(feed).Last;
    }

    /// <summary>The oldest position of a feed retention has not deleted (1 when none was).</summary>
    private ulong FirstKept(string feed) => Math.Max(1, _store.ReadCounter(FirstKeptCounter(feed)));

    private static string FirstKeptCounter(string feed) => "feed-first-kept:" + feed;

    private Sequence Feed(string feed) => _feeds.GetOrAdd(feed, f => new Sequence(_store, "feed:" + f));

    private static ExposureNotification ToNotification(NotificationRecord record, ulong position) => new(
        record.NotificationId,
        record.Sequence,
        position,
        ExposureRecords.To(record.Exposure),
        DateTimeOffset.FromUnixTimeMilliseconds(record.CreatedAt));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
