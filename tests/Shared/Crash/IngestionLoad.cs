using System.Collections.Concurrent;
using System.Globalization;
using Grpc.Core;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Crash;

/// <summary>
/// Sustained ingestion against one server until it is killed: every observer uploads its next batch as soon as
/// the last one is acknowledged (and waits and retries when the server says it is behind), and door scanners
/// stream their scans, first sending again what the previous server left unacknowledged. Everything acknowledged
/// is noted in the observers' and scanners' logs.
/// </summary>
internal sealed class IngestionLoad
{
    /// <summary>The trailer in which a gRPC server says how long to wait before retrying.</summary>
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    private const int ObserversPerConnection = 16;
    private static readonly TimeSpan s_defaultPushback = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_longestPushback = TimeSpan.FromSeconds(10);
    private readonly CrashCast _cast;
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly List<TracingClient> _clients = [];
    private readonly List<(Task Sender, string What)> _senders = [];
    private int _acknowledgedBatches;
    private int _acknowledgedScans;
    private int _acknowledgedManualEntries;
    private int _acknowledgedDeclarations;
    private int _pushbacks;
    private volatile bool _killed;

    private IngestionLoad(CrashCast cast) => _cast = cast;

    /// <summary>Batches acknowledged by this server.</summary>
    public int AcknowledgedBatches => Volatile.Read(ref _acknowledgedBatches);

    /// <summary>Scans acknowledged by this server.</summary>
    public int AcknowledgedScans => Volatile.Read(ref _acknowledgedScans);

    /// <summary>Manual door entries acknowledged by this server.</summary>
    public int AcknowledgedManualEntries => Volatile.Read(ref _acknowledgedManualEntries);

    /// <summary>Declarations acknowledged by this server.</summary>
    public int AcknowledgedDeclarations => Volatile.Read(ref _acknowledgedDeclarations);

    /// <summary>Uploads the server asked to retry later (RESOURCE_EXHAUSTED: its backlog was full).</summary>
    public int Pushbacks => Volatile.Read(ref _pushbacks);

    /// <summary>Calls that failed while the server was alive (there should be none).</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Completes once every sender has stopped (after the kill, or when all is sent).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the observers and the scanners against the server at <paramref name="address"/>.</summary>
    public static IngestionLoad Start(string address, CrashCast cast, IEnumerable<ScannerLog> scanners)
    {
        var load = new IngestionLoad(cast);
        TracingClient? connection = null;
        for (var i = 0; i < cast.Observers.Count; i++)
        {
            if (i % ObserversPerConnection == 0)
                load._clients.Add(connection = TracingClient.Anonymous(address));
            var observer = cast.Observers[i];
            var observerConnection = connection!;
            load._senders.Add((Task.Run(() => load.UploadAsync(observerConnection.WithAccessToken(observer.AccessToken), observer)), $"observer {observer.Number}"));
        }
        foreach (var scanner in scanners)
        {
            if (scanner.Sent >= scanner.Planned && scanner.Acknowledged >= scanner.Sent)
                continue;
            var client = TracingClient.ForCitizen(address, scanner.AccessToken);
            load._clients.Add(client);
            load._senders.Add((Task.Run(() => load.ScanAsync(client, scanner)), $"scanner of {scanner.VenueId}"));
        }
        var clerk = TracingClient.ForCitizen(address, cast.DoorClerk.AccessToken);
        load._clients.Add(clerk);
        load._senders.Add((Task.Run(() => load.EnterVisitorsAsync(clerk, cast.DoorClerk)), "door clerk"));
        foreach (var declarant in cast.Declarants)
        {
            var client = TracingClient.ForCitizen(address, declarant.AccessToken);
            load._clients.Add(client);
            load._senders.Add((Task.Run(() => load.DeclareAsync(client, declarant)), $"declarant {declarant.Number}"));
        }
        load.Completion = Task.WhenAll(load._senders.Select(s => s.Sender));
        return load;
    }

    /// <summary>Marks the server as killed (call just before killing it): failures from then on are expected.</summary>
    public void ServerKilled() => _killed = true;

    /// <summary>Waits for every sender to stop and closes the connections.</summary>
    public async Task StopAsync()
    {
        try
        {
            // Every call fails within moments of the kill; one that does not is a hang to report, not to wait for.
            await Completion.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            var stuck = _senders.Where(s => !s.Sender.IsCompleted).Select(s => s.What).ToList();
            throw new TimeoutException($"{stuck.Count} senders still busy 60 s after the kill: {string.Join(", ", stuck.Take(10))}");
        }
        foreach (var client in _clients)
            client.Dispose();
    }

    private async Task UploadAsync(TracingClient client, ObserverLog observer)
    {
        try
        {
            for (var slot = observer.Acknowledged; slot < _cast.MaxSlots; slot++)
            {
                var batch = _cast.Batch(observer, slot);
                while (true)
                {
                    observer.Sending(slot);
                    try
                    {
                        await client.UploadContactsAsync([batch]);
                        break;
                    }
                    catch (RpcException pushback) when (pushback.StatusCode == StatusCode.ResourceExhausted)
                    {
                        // A backlog pushback asks for a second or so; a longer one is a refusal (an abuse limit), not to be slept on.
                        if (PushbackOf(pushback) > s_longestPushback)
                            throw new InvalidOperationException($"refused for {PushbackOf(pushback)}: {pushback.Status.Detail}", pushback);
                        Interlocked.Increment(ref _pushbacks);
                        await Task.Delay(PushbackOf(pushback));
                    }
                }
                observer.Acknowledge(slot);
                Interlocked.Increment(ref _acknowledgedBatches);
            }
        }
        catch (Exception exception) when (IsServerGone(exception))
        {
            Fail(exception, $"observer {observer.Number} at slot {observer.Acknowledged}");
        }
    }

    private async Task ScanAsync(TracingClient client, ScannerLog scanner)
    {
        var first = scanner.Acknowledged;
        try
        {
            using var call = client.CheckIn.StreamScans();
            var reader = ReadAnswersAsync(call.ResponseStream, scanner, first);
            try
            {
                for (var i = first; i < scanner.Planned; i++)
                    await call.RequestStream.WriteAsync(new StreamScansRequest { Scan = scanner.Send(i) });
                await call.RequestStream.CompleteAsync();
            }
            finally
            {
                // The answers say how far the server got, even when writing failed.
                await reader;
            }
        }
        catch (Exception exception) when (IsServerGone(exception))
        {
            Fail(exception, $"scanner of {scanner.VenueId} at scan {scanner.Acknowledged}");
        }
    }

    private async Task ReadAnswersAsync(IAsyncStreamReader<StreamScansResponse> answers, ScannerLog scanner, int first)
    {
        var index = first;
        await foreach (var answer in answers.ReadAllAsync())
        {
            if (scanner.Answer(index++, answer))
                Interlocked.Increment(ref _acknowledgedScans);
            else
                _failures.Enqueue($"scan {index - 1} at {scanner.VenueId} answered {answer.Status} '{answer.ClientEventId}': {answer.Message}");
        }
    }

    /// <summary>The door clerk streams manual entries, first sending again what the previous server left unacknowledged.</summary>
    private async Task EnterVisitorsAsync(TracingClient client, DoorClerkLog clerk)
    {
        var first = clerk.Acknowledged;
        try
        {
            using var call = client.CheckIn.StreamScans();
            var reader = ReadEntryAnswersAsync(call.ResponseStream, clerk, first);
            try
            {
                for (var i = first; i < clerk.Planned && !_killed; i++)
                {
                    await call.RequestStream.WriteAsync(new StreamScansRequest { Scan = clerk.Send(i) });
                    // A clerk types: a few entries a second is plenty, and keeps the general store small.
                    if (i % 8 == 7)
                        await Task.Delay(5);
                }
                await call.RequestStream.CompleteAsync();
            }
            finally
            {
                await reader;
            }
        }
        catch (Exception exception) when (IsServerGone(exception))
        {
            Fail(exception, $"door clerk at entry {clerk.Acknowledged}");
        }
    }

    private async Task ReadEntryAnswersAsync(IAsyncStreamReader<StreamScansResponse> answers, DoorClerkLog clerk, int first)
    {
        var index = first;
        await foreach (var answer in answers.ReadAllAsync())
        {
            if (clerk.Answer(index++, answer))
                Interlocked.Increment(ref _acknowledgedManualEntries);
            else
                _failures.Enqueue($"manual entry {index - 1} answered {answer.Status} '{answer.ClientEventId}': {answer.Message}");
        }
    }

    /// <summary>A person files declaration after declaration about themselves until the server is killed.</summary>
    private async Task DeclareAsync(TracingClient client, DeclarantLog declarant)
    {
        try
        {
            for (var index = declarant.Sent; !_killed; index++)
            {
                declarant.Sending(index);
                var answer = await client.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
                {
                    FullName = declarant.NameOf(index),
                    BirthYear = 1980,
                    Kind = DeclarationKind.Domestic,
                    ProvinceCode = "79",
                });
                declarant.Acknowledge(answer.DeclarationId);
                Interlocked.Increment(ref _acknowledgedDeclarations);
                await Task.Delay(10);
            }
        }
        catch (Exception exception) when (IsServerGone(exception))
        {
            Fail(exception, $"declarant {declarant.Number} at declaration {declarant.Sent}");
        }
    }

    /// <summary>Failures of a call while the server is alive are failures of the run; after the kill they are expected.</summary>
    private void Fail(Exception exception, string what)
    {
        if (!_killed)
            _failures.Enqueue($"{what}: {exception.GetType().Name}: {exception.Message}");
    }

    private static bool IsServerGone(Exception exception)
        => exception is RpcException or IOException or HttpRequestException or InvalidOperationException or ObjectDisposedException or OperationCanceledException;

    /// <summary>The server's pushback hint (gRPC's <c>grpc-retry-pushback-ms</c> trailer), or a default.</summary>
    private static TimeSpan PushbackOf(RpcException exception)
        => exception.Trailers.GetValue(RetryPushbackTrailer) is { } value && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : s_defaultPushback;
}
