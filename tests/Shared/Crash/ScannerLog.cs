using Google.Protobuf.WellKnownTypes;
using Tracing.V1;

namespace Tracing.Crash;

/// <summary>
/// What one door scanner sent and what the server acknowledged: scan <c>i</c> is at <see cref="From"/> + i seconds,
/// in on even i and out on odd i, with client event id <c>scan-i</c>. Answers of a stream come in order, so the
/// acknowledged scans are a prefix; after a failure the scanner sends the unacknowledged ones again.
/// </summary>
internal sealed class ScannerLog(string accessToken, string venueId, string qrPayload, DateTimeOffset from, int planned)
{
    private int _sent;
    private int _acknowledged;
    private int _refused;

    public string AccessToken { get; } = accessToken;

    public string VenueId { get; } = venueId;

    /// <summary>The time of the first scan (whole seconds, as stored).</summary>
    public DateTimeOffset From { get; } = from;

    /// <summary>Scans it means to send.</summary>
    public int Planned { get; } = planned;

    /// <summary>Scans sent at least once (a prefix of the plan).</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Scans acknowledged (a prefix of the plan).</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Answers that were refusals or out of order (there should be none).</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Takes the acknowledgements back to the first <paramref name="scans"/> (as <see cref="ObserverLog.RewindAcknowledged"/>).</summary>
    public void RewindAcknowledged(int scans) => Volatile.Write(ref _acknowledged, scans);

    public DateTimeOffset ScanAt(int index) => From.AddSeconds(index);

    public static Direction DirectionOf(int index) => index % 2 == 0 ? Direction.In : Direction.Out;

    /// <summary>Scan <paramref name="index"/>, noted as sent.</summary>
    public ScanRequest Send(int index)
    {
        Volatile.Write(ref _sent, Math.Max(_sent, index + 1));
        return new ScanRequest
        {
            ClientEventId = $"scan-{index}",
            QrPayload = qrPayload,
            Direction = DirectionOf(index),
            ScannedAt = Timestamp.FromDateTimeOffset(ScanAt(index)),
            Method = ScanMethod.Self,
        };
    }

    /// <summary>Takes the answer expected for scan <paramref name="index"/>; false when it is not an acknowledgement of it.</summary>
    public bool Answer(int index, StreamScansResponse answer)
    {
        if (answer.ClientEventId != $"scan-{index}" || answer.Status is not (ScanStatus.Accepted or ScanStatus.DeclarationRequired))
        {
            Interlocked.Increment(ref _refused);
            return false;
        }
        Volatile.Write(ref _acknowledged, index + 1);
        return true;
    }
}
