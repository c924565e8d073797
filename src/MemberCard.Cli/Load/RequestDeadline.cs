namespace MemberCard.Cli.Load;

/// <summary>
/// The time-out of one request at a time, for one sequential worker. The token source is reset and
/// reused instead of allocated per request; <see cref="TimedOut"/> tells a time-out from an abort.
/// </summary>
internal sealed class RequestDeadline(TimeSpan timeout, CancellationToken abort) : IDisposable
{
    private CancellationTokenSource _source = Create(abort);

    public bool TimedOut => _source.IsCancellationRequested && !abort.IsCancellationRequested;

    public CancellationToken Start()
    {
        _source.CancelAfter(timeout);
        return _source.Token;
    }

    public void Finish()
    {
        if (_source.TryReset()) return;
        _source.Dispose();
        _source = Create(abort);
    }

    public void Dispose() => _source.Dispose();

    private static CancellationTokenSource Create(CancellationToken abort) =>
        abort.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(abort) : new CancellationTokenSource();
}
