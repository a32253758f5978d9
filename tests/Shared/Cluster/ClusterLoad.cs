using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Tracing.Clients;
using Tracing.Crash;
using Tracing.V1;

namespace Tracing.ClusterHarness;

/// <summary>
/// Ingestion through every silo of a cluster at once: each observer uploads its batches one at a time through a silo
/// of its own (observer number modulo the silos) and each door scanner streams its scans likewise, every write noted in
/// the cast's logs once acknowledged. A call that fails with a transient status (the silo died, the control plane or a
/// partition is moving) is sent again with the same batch id or client event id — through the next silo not known to
/// be gone — as a phone does; every such failure is noted in <see cref="FailedCalls"/>.
/// </summary>
internal sealed class ClusterLoad
{
    /// <summary>Scans sent in one <c>StreamScans</c> call before it is completed and a new one opened.</summary>
    private const int ScansPerCall = 25;
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_retryPause = TimeSpan.FromMilliseconds(100);
    private readonly List<string> _addresses;
    private readonly List<bool> _gone;
    private readonly CrashCast _cast;
    private readonly int _slots;
    private readonly TimeSpan _giveUpAfter;
    private readonly ConcurrentQueue<string> _failedCalls = new();
    private readonly ConcurrentQueue<string> _givenUp = new();
    private readonly ConcurrentDictionary<string, TracingClient> _channels = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _ending;
    private int _acknowledgedBatches;
    private int _acknowledgedScans;

    private ClusterLoad(IReadOnlyList<string> addresses, CrashCast cast, int slots, TimeSpan giveUpAfter)
    {
        _addresses = [.. addresses];
        _gone = [.. addresses.Select(_ => false)];
        _cast = cast;
        _slots = slots;
        _giveUpAfter = giveUpAfter;
    }

    /// <summary>Batches acknowledged (each once, retries not counted).</summary>
    public int AcknowledgedBatches => Volatile.Read(ref _acknowledgedBatches);

    /// <summary>Scans acknowledged (each once).</summary>
    public int AcknowledgedScans => Volatile.Read(ref _acknowledgedScans);

    /// <summary>Every call that failed, with its silo, status and time since the load began (sent again afterwards).</summary>
    public IReadOnlyCollection<string> FailedCalls => _failedCalls;

    /// <summary>Writes the load gave up on: a refusal that is not transient, or failures for longer than the limit.</summary>
    public IReadOnlyCollection<string> GivenUp => _givenUp;

    /// <summary>Completes once every observer sent all its slots and every scanner all its scans (or gave up).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Since the load began.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Starts every observer (slots [Acknowledged, <paramref name="slots"/>)) and scanner (the rest of its plan).</summary>
    /// <param name="giveUpAfter">How long one write may keep failing before the load gives it up.</param>
    public static ClusterLoad Start(IReadOnlyList<string> addresses, CrashCast cast, IReadOnlyList<ScannerLog> scanners, int slots, TimeSpan? giveUpAfter = null)
    {
        var load = new ClusterLoad(addresses, cast, slots, giveUpAfter ?? TimeSpan.FromSeconds(90));
        var senders = cast.Observers.Select(o => Task.Run(() => load.UploadAsync(o)))
            .Concat(scanners.Select((s, i) => Task.Run(() => load.ScanAsync(s, i))))
            .ToList();
        load.Completion = Task.WhenAll(senders);
        return load;
    }

    /// <summary>Stops sending through <paramref name="address"/> (its silo was killed or left); calls go to the others.</summary>
    public void Avoid(string address)
    {
        lock (_gone)
            _gone[_addresses.IndexOf(address)] = true;
    }

    /// <summary>Sends through <paramref name="address"/> too from now on (a silo that joined).</summary>
    public void Use(string address)
    {
        lock (_gone)
        {
            _addresses.Add(address);
            _gone.Add(false);
        }
    }

    /// <summary>Lets every sender finish the write under way and send no more (a test that has seen what it needed).</summary>
    public void End() => Volatile.Write(ref _ending, true);

    /// <summary>Waits until every sender is done and closes the connections.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        try
        {
            await Completion.WaitAsync(timeout);
        }
        finally
        {
            foreach (var channel in _channels.Values)
                channel.Dispose();
        }
    }

    private async Task UploadAsync(ObserverLog observer)
    {
        for (var slot = observer.Acknowledged; slot < _slots && !Volatile.Read(ref _ending); slot++)
        {
            var batch = _cast.Batch(observer, slot);
            var sent = await SendAsync(observer.Number, $"observer {observer.Number} slot {slot}", async (address, cancel) =>
            {
                observer.Sending(slot);
                using var client = Channel(address).WithAccessToken(observer.AccessToken);
                var answer = await client.UploadContactsAsync([batch], cancel);
                if (answer.Rejected > 0)
                    throw new InvalidOperationException($"{answer.Rejected} observations rejected: {string.Join("; ", answer.RejectionReasons)}");
            });
            if (!sent)
                return;
            observer.Acknowledge(slot);
            Interlocked.Increment(ref _acknowledgedBatches);
        }
    }

    private async Task ScanAsync(ScannerLog scanner, int number)
    {
        while (scanner.Acknowledged < scanner.Planned && !Volatile.Read(ref _ending))
        {
            var sent = await SendAsync(number, $"scanner {scanner.VenueId} from scan {scanner.Acknowledged}", async (address, cancel) =>
            {
                // From the first unacknowledged scan at each attempt: a failed attempt may have had some acknowledged.
                var from = scanner.Acknowledged;
                var to = Math.Min(scanner.Planned, from + ScansPerCall);
                using var client = TracingClient.ForCitizen(address, scanner.AccessToken);
                using var call = client.CheckIn.StreamScans(cancellationToken: cancel);
                var reading = Task.Run(async () =>
                {
                    var index = from;
                    await foreach (var answer in call.ResponseStream.ReadAllAsync(cancel))
                    {
                        if (!scanner.Answer(index, answer))
                            throw new InvalidOperationException($"scan {index} answered {answer.Status} for {answer.ClientEventId}: {answer.Message}");
                        index++;
                        Interlocked.Increment(ref _acknowledgedScans);
                    }
                    if (index != to)
                        throw new RpcException(new Status(StatusCode.Unavailable, $"the stream ended after {index - from} of {to - from} answers"));
                }, cancel);
                try
                {
                    for (var i = from; i < to; i++)
                        await call.RequestStream.WriteAsync(new StreamScansRequest { Scan = scanner.Send(i) }, cancel);
                    await call.RequestStream.CompleteAsync();
                }
                catch (Exception ended) when (ended is InvalidOperationException or RpcException or OperationCanceledException or IOException)
                {
                    // The call ended early; the reader says why (and is awaited, so no two readers of one scanner overlap).
                }
                await reading;
            });
            if (!sent)
                return;
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> through the sender's silo, and after a transient failure through the next live one,
    /// until it succeeds; false when it gave up (noted in <see cref="GivenUp"/>).
    /// </summary>
    private async Task<bool> SendAsync(int home, string what, Func<string, CancellationToken, Task> call)
    {
        var firstFailure = TimeSpan.Zero;
        for (var attempt = 0; ; attempt++)
        {
            var address = Pick(home + attempt);
            using var cancel = new CancellationTokenSource(s_callTimeout);
            try
            {
                await call(address, cancel.Token);
                return true;
            }
            catch (Exception failure) when (failure is RpcException or OperationCanceledException or InvalidOperationException or IOException or HttpRequestException)
            {
                var status = (failure as RpcException)?.StatusCode;
                _failedCalls.Enqueue($"{_clock.Elapsed.TotalSeconds:F2} s {what} via {address}: {status?.ToString() ?? failure.GetType().Name} {(failure as RpcException)?.Status.Detail ?? failure.Message}");
                if (firstFailure == TimeSpan.Zero)
                    firstFailure = _clock.Elapsed;
                if (!IsTransient(failure) || _clock.Elapsed - firstFailure > _giveUpAfter)
                {
                    _givenUp.Enqueue($"{what} via {address}: {failure}");
                    return false;
                }
                await Task.Delay(s_retryPause);
            }
        }
    }

    /// <summary>Failures a phone sends the same write again after: the silo or the stream went away, or asked to wait.</summary>
    private static bool IsTransient(Exception failure) => failure switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.Unknown or StatusCode.Internal or StatusCode.Cancelled
            or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.ResourceExhausted,
        OperationCanceledException or IOException or HttpRequestException => true,
        _ => false,
    };

    private string Pick(int preferred)
    {
        lock (_gone)
        {
            for (var i = 0; i < _addresses.Count; i++)
            {
                var index = (preferred + i) % _addresses.Count;
                if (!_gone[index])
                    return _addresses[index];
            }
        }
        throw new InvalidOperationException("Every silo is gone.");
    }

    private TracingClient Channel(string address) => _channels.GetOrAdd(address, TracingClient.Anonymous);
}
