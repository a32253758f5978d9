namespace Tracing.Server.Grpc;

/// <summary>
/// A case report goes before bulk uploads. While a case is reported or its keys are uploaded, contact uploads and scan
/// streams hold their next message, so the case gets the cores. More threads would not do this: the thread pool serves
/// work in the order it arrives. A hold lasts at most <see cref="MaxHold"/>, so a run of case calls slows bulk uploads
/// but never stops them.
/// </summary>
public sealed class CasesFirst
{
    /// <summary>The longest a bulk message waits for the case calls under way.</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromMilliseconds(50);

    private readonly TimeSpan _maxHold;
    private readonly Lock _lock = new();
    private int _running;
    private TaskCompletionSource? _clear;

    /// <summary>Holds bulk messages at most <see cref="MaxHold"/>.</summary>
    public CasesFirst()
        : this(MaxHold)
    {
    }

    /// <summary>Holds bulk messages at most <paramref name="maxHold"/> (tests, which must not race the bound).</summary>
    internal CasesFirst(TimeSpan maxHold) => _maxHold = maxHold;

    /// <summary>Marks a case call under way until the scope is disposed.</summary>
    public CaseScope Begin()
    {
        lock (_lock)
        {
            if (_running++ == 0)
                _clear = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return new CaseScope(this);
    }

    /// <summary>Completes at once with no case call under way; otherwise once they end, or after the bound (<see cref="MaxHold"/>).</summary>
    public async ValueTask HoldBulkAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _clear) is not { } clear)
            return;
        try
        {
            await clear.Task.WaitAsync(_maxHold, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    private void End()
    {
        TaskCompletionSource? clear = null;
        lock (_lock)
        {
            if (--_running == 0)
                (clear, _clear) = (_clear, null);
        }
        clear?.TrySetResult();
    }

    /// <summary>A case call under way.</summary>
    public readonly struct CaseScope(CasesFirst owner) : IDisposable
    {
        public void Dispose() => owner.End();
    }
}
