namespace Tracing.Crash;

/// <summary>
/// What one person declared and what the server acknowledged: health declarations about themselves, one after the
/// other (each replaces the last as their latest). After a restart their latest declaration must be the last one
/// acknowledged — or the one sent after it, which may have been stored before the kill cut its answer off.
/// </summary>
internal sealed class DeclarantLog(int number, string accessToken)
{
    private readonly List<string> _acknowledgedIds = [];
    private int _sent;

    public int Number { get; } = number;

    public string AccessToken { get; } = accessToken;

    /// <summary>Declarations sent at least once.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Declarations acknowledged.</summary>
    public int Acknowledged
    {
        get
        {
            lock (_acknowledgedIds)
                return _acknowledgedIds.Count;
        }
    }

    /// <summary>The full name declared in declaration <paramref name="index"/>.</summary>
    public string NameOf(int index) => $"Người khai {Number} lần {index}";

    /// <summary>Notes that declaration <paramref name="index"/> is about to be sent.</summary>
    public void Sending(int index) => Volatile.Write(ref _sent, Math.Max(_sent, index + 1));

    /// <summary>Notes the acknowledged declaration's id.</summary>
    public void Acknowledge(string declarationId)
    {
        lock (_acknowledgedIds)
            _acknowledgedIds.Add(declarationId);
    }

    /// <summary>
    /// Whether <paramref name="latestId"/> (what the restarted server holds as the latest) keeps every acknowledgement:
    /// the last acknowledged one, or a later one sent but not acknowledged; never an older one, never none.
    /// </summary>
    public bool Holds(string latestId)
    {
        lock (_acknowledgedIds)
        {
            if (_acknowledgedIds.Count == 0)
                return true;
            if (latestId == _acknowledgedIds[^1])
                return true;
            return Sent > _acknowledgedIds.Count && latestId.Length > 0 && !_acknowledgedIds.Contains(latestId);
        }
    }
}
