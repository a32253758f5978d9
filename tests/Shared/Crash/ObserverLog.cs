namespace Tracing.Crash;

/// <summary>
/// What one observing phone sent and what the server acknowledged. The phone sends its batches in slot order, one
/// at a time, and after a failure sends the unacknowledged batch again with the same batch id, as a phone does:
/// slots below <see cref="Acknowledged"/> must be stored once each; the slot below <see cref="Attempted"/> at
/// most once more.
/// </summary>
internal sealed class ObserverLog(int number, string userId, string accessToken)
{
    private int _acknowledged;
    private int _attempted;

    /// <summary>Its place in the cast (which filler its batches carry).</summary>
    public int Number { get; } = number;

    public string UserId { get; } = userId;

    public string AccessToken { get; } = accessToken;

    /// <summary>Slots acknowledged so far; also the next slot to send.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Slots sent at least once.</summary>
    public int Attempted => Volatile.Read(ref _attempted);

    /// <summary>Notes that <paramref name="slot"/> is about to be sent.</summary>
    public void Sending(int slot) => Volatile.Write(ref _attempted, Math.Max(_attempted, slot + 1));

    /// <summary>
    /// Takes the acknowledgements back to the first <paramref name="slots"/> (what a backup taken then must hold), keeping
    /// what was sent: an audit then checks those were kept, and nothing sent was doubled.
    /// </summary>
    public void RewindAcknowledged(int slots) => Volatile.Write(ref _acknowledged, slots);

    /// <summary>Notes that the server acknowledged <paramref name="slot"/> (and so every slot before it).</summary>
    public void Acknowledge(int slot) => Volatile.Write(ref _acknowledged, slot + 1);
}
