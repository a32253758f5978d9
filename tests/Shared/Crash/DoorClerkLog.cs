using Google.Protobuf.WellKnownTypes;
using Tracing.V1;

namespace Tracing.Crash;

/// <summary>
/// What a door clerk typed in and what the server acknowledged: manual entries (SCAN_METHOD_MANUAL) of walk-in
/// visitors without the app at a venue the clerk manages, each a new visitor — a person the server creates in its
/// general store with the scan. Entry <c>i</c> is visitor <see cref="NameOf"/> with phone <see cref="PhoneOf"/> and
/// client event id <c>manual-i</c>, entered at the moment it is sent. Answers of a stream come in order, so the
/// acknowledged entries are a prefix; after a failure the clerk sends the unacknowledged ones again.
/// </summary>
internal sealed class DoorClerkLog(string accessToken, string venueId, int seed, int planned)
{
    private readonly DateTimeOffset?[] _enteredAt = new DateTimeOffset?[planned];
    private int _sent;
    private int _acknowledged;

    public string AccessToken { get; } = accessToken;

    public string VenueId { get; } = venueId;

    /// <summary>Entries it means to send.</summary>
    public int Planned { get; } = planned;

    /// <summary>Entries sent at least once (a prefix of the plan).</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Entries acknowledged (a prefix of the plan).</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>The visitor of entry <paramref name="index"/>: a name no one else in the run has.</summary>
    public string NameOf(int index) => $"Khách vãng lai {seed % 10_000} số {index}";

    /// <summary>The visitor's phone (normalised, as the server stores it): one a run gives no one else.</summary>
    public string PhoneOf(int index) => $"098{((seed % 100) * 100_000) + index:D7}";

    /// <summary>When entry <paramref name="index"/> was first sent; null if never.</summary>
    public DateTimeOffset? EnteredAt(int index) => _enteredAt[index];

    /// <summary>Entry <paramref name="index"/>, noted as sent (a repeat keeps the time of its first sending: the same scan).</summary>
    public ScanRequest Send(int index)
    {
        var at = _enteredAt[index] ??= DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Volatile.Write(ref _sent, Math.Max(_sent, index + 1));
        return new ScanRequest
        {
            ClientEventId = $"manual-{index}",
            VenueId = VenueId,
            Direction = Direction.In,
            ScannedAt = Timestamp.FromDateTimeOffset(at),
            Method = ScanMethod.Manual,
            ManualVisitor = new ManualVisitor { FullName = NameOf(index), Phone = PhoneOf(index), BirthYear = 1960 + (index % 40) },
        };
    }

    /// <summary>Takes the answer expected for entry <paramref name="index"/>; false when it is not an acknowledgement of it.</summary>
    public bool Answer(int index, StreamScansResponse answer)
    {
        if (answer.ClientEventId != $"manual-{index}" || answer.Status is not (ScanStatus.Accepted or ScanStatus.DeclarationRequired))
            return false;
        Volatile.Write(ref _acknowledged, index + 1);
        return true;
    }
}
