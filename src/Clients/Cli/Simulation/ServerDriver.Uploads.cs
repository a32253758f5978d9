using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Cli.Rpc;
using Tracing.V1;

namespace Tracing.Cli.Simulation;

internal sealed partial class ServerDriver
{
    private const int MaxReasons = 5;

    private async Task ScanAsync(SimulatedCity simulated, SimulatedDevice?[] phones, string[] venues, ServerRun run, CancellationToken cancellationToken)
    {
        var byPerson = simulated.Scans.GroupBy(s => s.Person).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        Say($"streaming {simulated.Scans.Count:N0} QR scans from {byPerson.Count:N0} phones");
        await Parallel.ForEachAsync(
            Progress.Track(byPerson, "phones", progress, interactive),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (scans, token) =>
            {
                var device = phones[scans[0].Person]!;
                using var call = device.Client.CheckIn.StreamScans(cancellationToken: token);
                var reading = ReadScanAnswersAsync(call.ResponseStream, run, token);
                for (var i = 0; i < scans.Count; i++)
                {
                    var scan = scans[i];
                    await call.RequestStream.WriteAsync(
                        new StreamScansRequest
                        {
                            Scan = new ScanRequest
                            {
                                ClientEventId = $"sim-{scan.Person}-{i}",
                                QrPayload = venues[scan.Venue],
                                Direction = scan.In ? Direction.In : Direction.Out,
                                ScannedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(scan.At)),
                                Method = ScanMethod.Self,
                            },
                        },
                        token).ConfigureAwait(false);
                }

                await call.RequestStream.CompleteAsync().ConfigureAwait(false);
                await reading.ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private static async Task ReadScanAnswersAsync(IAsyncStreamReader<StreamScansResponse> answers, ServerRun run, CancellationToken cancellationToken)
    {
        await foreach (var answer in answers.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            lock (run)
            {
                switch (answer.Status)
                {
                    case ScanStatus.Accepted:
                        run.ScansAccepted++;
                        break;
                    case ScanStatus.DeclarationRequired:
                        run.ScansDeclarationRequired++;
                        break;
                    default:
                        run.ScansRejected++;
                        if (run.RejectionReasons.Count < MaxReasons)
                            run.RejectionReasons.Add($"scan {answer.ClientEventId}: {answer.ErrorCode} {answer.Message}");
                        break;
                }
            }
        }
    }

    private async Task UploadContactsAsync(SimulatedCity simulated, SimulatedDevice?[] phones, ServerRun run, CancellationToken cancellationToken)
    {
        var byListener = simulated.Sightings.GroupBy(s => s.Listener).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        Say($"uploading {simulated.Sightings.Count:N0} Bluetooth observations from {byListener.Count:N0} phones");
        var people = simulated.City.People;
        await Parallel.ForEachAsync(
            Progress.Track(byListener, "phones", progress, interactive),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (sightings, token) =>
            {
                var listener = people[sightings[0].Listener];
                var observations = sightings.Select(s =>
                {
                    var broadcaster = people[s.Broadcaster];
                    // The broadcaster rotates identifiers by its own clock; the listener stamps by its own.
                    var broadcast = DateTimeOffset.FromUnixTimeSeconds(s.Start + broadcaster.ClockSkewSeconds);
                    return new ContactObservation
                    {
                        Rpi = ByteString.CopyFrom(phones[s.Broadcaster]!.Phone.GetRollingProximityIdentifier(broadcast)),
                        SeenAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(s.Start + listener.ClockSkewSeconds)),
                        DurationSeconds = (uint)s.Seconds,
                        Rssi = RssiModel.Rssi(broadcaster.TxPower, s.Attenuation),
                        TxPower = broadcaster.TxPower,
                    };
                });
                var answer = await phones[listener.Index]!.Client.UploadObservationsAsync(observations, cancellationToken: token).ConfigureAwait(false);
                lock (run)
                {
                    run.ObservationsAccepted += answer.Accepted;
                    run.ObservationsRejected += answer.Rejected;
                    foreach (var reason in answer.RejectionReasons)
                    {
                        if (run.RejectionReasons.Count < MaxReasons)
                            run.RejectionReasons.Add($"observation: {reason}");
                    }
                }
            }).ConfigureAwait(false);
    }
}
