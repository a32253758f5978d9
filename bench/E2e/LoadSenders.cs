using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Bench.E2e;

/// <summary>One phone's share of a Bluetooth load: its access token and its batches, encoded.</summary>
internal sealed record SenderDevice(string Token, IReadOnlyList<(byte[] Encoded, int Observations)> Batches);

/// <summary>
/// The load's phones and door scanners, in a bench process of their own (the verb <c>e2e-senders</c>), as in the field
/// they are elsewhere: in the server's process their work would share its thread pool and its garbage collector, and
/// queue ahead of a case report's continuations, which no server meets. Like PostgreSQL's, the server then has its
/// client in another process. The child lives for the whole run (its code is compiled during the warm-up, as the
/// server's is) and takes one load at a time: a <c>Prepare…</c> call hands it the load in a file and returns once it
/// has read it; <see cref="SendAsync"/> starts it. CPU figures add the child's CPU to the server's.
/// </summary>
internal sealed class LoadSenders : IDisposable
{
    /// <summary>Phones uploading at once.</summary>
    public const int Streams = 8;

    /// <summary>
    /// The child runs lighter than the server, as a stand-in for devices elsewhere should: workstation GC (its own
    /// threads collect, not a server GC thread per core) and idle pool threads that do not spin waiting for work.
    /// Both processes share the two cores; in alternating <c>e2e --scans-only</c> runs (session 23) scans one per
    /// write took 12.3 µs of CPU each (both processes) against 13.9 with the child run as the server is.
    /// </summary>
    private static readonly Dictionary<string, string> s_lighter = new()
    {
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
    };

    private readonly Process _child = BenchChild.Start("e2e-senders", [], redirectInput: true, s_lighter);
    private string? _load;

    /// <summary>
    /// Prepares a Bluetooth load: each phone's batches over one <c>UploadContacts</c> call, <see cref="Streams"/> phones at
    /// once, a refused call sent again after the server's pushback. <see cref="SendAsync"/> then counts the calls pushed back.
    /// </summary>
    public Task PrepareContactsAsync(string address, IEnumerable<SenderDevice> devices)
        => PrepareAsync("contacts", address, file =>
        {
            var all = devices.ToList();
            file.Write(all.Count);
            foreach (var device in all)
            {
                file.Write(device.Token);
                file.Write(device.Batches.Count);
                foreach (var (encoded, observations) in device.Batches)
                {
                    file.Write(observations);
                    Write(file, encoded);
                }
            }
        });

    /// <summary>
    /// Prepares door scans: each gate's encoded <c>StreamScansRequest</c>s over one call of its own, all gates at once,
    /// signed in as <paramref name="accessToken"/>; <paramref name="warm"/> is sent on the first gate's connection
    /// before, untimed. <see cref="SendAsync"/> then counts the scans recorded.
    /// </summary>
    public Task PrepareScansAsync(string address, string accessToken, ScanDelivery delivery, IReadOnlyList<byte[]> warm, IReadOnlyList<IReadOnlyList<byte[]>> gates)
        => PrepareAsync("scans", address, file =>
        {
            file.Write(accessToken);
            file.Write((int)delivery);
            WriteAll(file, warm);
            file.Write(gates.Count);
            foreach (var gate in gates)
                WriteAll(file, gate);
        });

    /// <summary>
    /// Prepares one <c>UploadContacts</c> call's messages sent <paramref name="calls"/> times, <paramref name="streams"/>
    /// at once, each stream over a connection of its own, as <c>h2load</c> sends a body (<see cref="H2loadRun"/>). A call
    /// the server does not accept whole fails the load. <see cref="SendAsync"/> then counts the calls.
    /// </summary>
    public Task PrepareRepeatedCallAsync(string address, string accessToken, IReadOnlyList<byte[]> messages, int observationsPerCall, int calls, int streams)
        => PrepareAsync("repeated-call", address, file =>
        {
            file.Write(accessToken);
            file.Write(observationsPerCall);
            file.Write(calls);
            file.Write(streams);
            WriteAll(file, messages);
        });

    /// <summary>
    /// Sends the prepared load; <paramref name="acknowledged"/> hears, for each phone whose call was answered, the
    /// seconds since the start (the child's clock) and its observations. Returns the load's count (see the
    /// <c>Prepare…</c> calls) and the CPU the senders used.
    /// </summary>
    public async Task<(int Count, TimeSpan Cpu)> SendAsync(Action<double, long>? acknowledged = null)
    {
        try
        {
            await _child.StandardInput.WriteLineAsync("GO");
            await _child.StandardInput.FlushAsync();
            while (true)
            {
                var line = await ReadLineAsync();
                var parts = line.Split(' ');
                if (parts[0] == "ACK")
                    acknowledged?.Invoke(double.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
                else if (parts[0] == "DONE")
                    return (int.Parse(parts[1], CultureInfo.InvariantCulture), TimeSpan.FromMicroseconds(double.Parse(parts[2], CultureInfo.InvariantCulture)));
                else
                    throw new InvalidOperationException($"The load's senders said '{line}'.");
            }
        }
        finally
        {
            File.Delete(_load!);
        }
    }

    public void Dispose()
    {
        _child.StandardInput.Close();
        if (!_child.WaitForExit(TimeSpan.FromSeconds(10)))
            _child.Kill();
        _child.Dispose();
    }

    private async Task PrepareAsync(string kind, string address, Action<BinaryWriter> write)
    {
        _load = Path.Combine(Path.GetTempPath(), $"tracing-bench-senders-{Guid.NewGuid():N}.bin");
        await using (var file = new BinaryWriter(File.Create(_load)))
            write(file);
        await _child.StandardInput.WriteLineAsync($"RUN {kind} {address} {_load}");
        await _child.StandardInput.FlushAsync();
        if (await ReadLineAsync() is var line && line != "READY")
            throw new InvalidOperationException($"The load's senders said '{line}', not READY.");
    }

    private async Task<string> ReadLineAsync()
        => await _child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The load's senders stopped (their error is printed above).");

    private static void Write(BinaryWriter file, byte[] bytes)
    {
        file.Write(bytes.Length);
        file.Write(bytes);
    }

    private static void WriteAll(BinaryWriter file, IReadOnlyList<byte[]> all)
    {
        file.Write(all.Count);
        foreach (var bytes in all)
            Write(file, bytes);
    }

    private static byte[] Read(BinaryReader file) => file.ReadBytes(file.ReadInt32());

    private static List<byte[]> ReadAll(BinaryReader file)
    {
        var all = new List<byte[]>(file.ReadInt32());
        for (var i = all.Capacity; i > 0; i--)
            all.Add(Read(file));
        return all;
    }

    /// <summary>The child: takes loads from its standard input, one at a time, until it is closed.</summary>
    public static async Task<int> ChildAsync()
    {
        while (Console.ReadLine() is { } line)
        {
            if (line.Split(' ', 4) is not ["RUN", var kind, var address, var load])
                throw new InvalidOperationException($"Expected 'RUN <kind> <address> <file>', read '{line}'.");
            Func<Task<int>> send;
            using (var file = new BinaryReader(File.OpenRead(load)))
            {
                send = kind switch
                {
                    "contacts" => ContactsOf(address, file),
                    "scans" => await ScansOfAsync(address, file),
                    "repeated-call" => RepeatedCallOf(address, file),
                    _ => throw new InvalidOperationException($"No load of kind '{kind}'."),
                };
            }
            Console.WriteLine("READY");
            if (Console.ReadLine() != "GO")
                return 1;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var count = await send();
            Console.WriteLine(FormattableString.Invariant($"DONE {count} {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds:R}"));
        }
        return 0;
    }

    private static Func<Task<int>> ContactsOf(string address, BinaryReader file)
    {
        var devices = new List<SenderDevice>(file.ReadInt32());
        for (var d = devices.Capacity; d > 0; d--)
        {
            var token = file.ReadString();
            var batches = new List<(byte[], int)>(file.ReadInt32());
            for (var b = batches.Capacity; b > 0; b--)
            {
                var observations = file.ReadInt32();
                batches.Add((Read(file), observations));
            }
            devices.Add(new SenderDevice(token, batches));
        }
        return () => UploadAllAsync(address, devices);
    }

    private static async Task<int> UploadAllAsync(string address, List<SenderDevice> devices)
    {
        var clock = Stopwatch.StartNew();
        var pushbacks = 0;
        await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = Streams }, async (device, cancellationToken) =>
        {
            using var client = TracingClient.ForCitizen(address, device.Token);
            UploadContactsResponse uploaded;
            while (true)
            {
                try
                {
                    uploaded = await EncodedCalls.UploadContactsAsync(client, device.Batches.Select(b => b.Encoded), cancellationToken);
                    break;
                }
                catch (RpcException busy) when (busy.StatusCode == StatusCode.ResourceExhausted)
                {
                    // The applier is behind by more than the server allows: send the call again (same batch ids, so
                    // what it stored before refusing is not stored twice) after the server's pushback.
                    Interlocked.Increment(ref pushbacks);
                    await Task.Delay(PushbackOf(busy), cancellationToken);
                }
            }
            if (uploaded.Rejected > 0)
                throw new InvalidOperationException($"the server rejected {uploaded.Rejected} observations: {string.Join("; ", uploaded.RejectionReasons)}");
            // Counted from what was sent: after a pushback, batches stored before the refusal are answered as repeats.
            Console.WriteLine(FormattableString.Invariant($"ACK {clock.Elapsed.TotalSeconds:R} {device.Batches.Sum(b => b.Observations)}"));
        });
        return pushbacks;
    }

    private static Func<Task<int>> RepeatedCallOf(string address, BinaryReader file)
    {
        var token = file.ReadString();
        var (observations, calls, streams) = (file.ReadInt32(), file.ReadInt32(), file.ReadInt32());
        var messages = ReadAll(file);
        return async () =>
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, streams).Select(async _ =>
            {
                using var phone = TracingClient.ForCitizen(address, token);
                while (Interlocked.Increment(ref next) < calls)
                {
                    var answer = await EncodedCalls.UploadContactsAsync(phone, messages, CancellationToken.None);
                    if (answer.Accepted != observations)
                        throw new InvalidOperationException($"The server accepted {answer.Accepted} of {observations} observations.");
                }
            }));
            return calls;
        };
    }

    /// <summary>Reads a scan load and sends its warm-up; returns the timed part, which answers the scans recorded.</summary>
    private static async Task<Func<Task<int>>> ScansOfAsync(string address, BinaryReader file)
    {
        var token = file.ReadString();
        var delivery = (ScanDelivery)file.ReadInt32();
        var warm = ReadAll(file);
        var gates = new List<List<byte[]>>(file.ReadInt32());
        for (var g = gates.Capacity; g > 0; g--)
            gates.Add(ReadAll(file));
        // Each gate is its own scanner device with its own connection, signed in as the venue's manager.
        var scanners = gates.Select(_ => TracingClient.ForCitizen(address, token)).ToList();
        await EncodedCalls.StreamScansAsync(scanners[0], warm, CancellationToken.None);
        return async () =>
        {
            var answered = await Task.WhenAll(gates.Select((requests, g) => Task.Run(() => delivery == ScanDelivery.Backlog
                ? new BatchedScanStream(address, token).RunAsync(requests, CancellationToken.None)
                : EncodedCalls.StreamScansAsync(scanners[g], requests, CancellationToken.None))));
            scanners.ForEach(s => s.Dispose());
            return answered.Sum();
        };
    }

    /// <summary>The server's pushback (gRPC's <c>grpc-retry-pushback-ms</c> trailer), or a second.</summary>
    private static TimeSpan PushbackOf(RpcException busy)
        => int.TryParse(busy.Trailers.GetValue("grpc-retry-pushback-ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.FromSeconds(1);
}
