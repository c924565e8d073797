using MemberCard.Runtime.Catalog;
using MemberCard.Runtime.Scheduling;

namespace MemberCard.Runtime.Timers;

/// <summary>
/// A grain timer: a one-shot <see cref="ITimer"/> re-armed after each tick has run as a turn, so ticks never
/// pile up behind a slow callback.
/// </summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly TimeSpan _period;
    private readonly ITimer _timer;
    private volatile bool _disposed;

    private GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        _activation = activation;
        _callback = callback;
        _period = period;
        _timer = activation.Runtime.TimeProvider.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        activation.AddTimer(this);
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    public static IDisposable Start(ActivationData activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        new GrainTimer(activation, callback, dueTime, period);

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    private void Tick()
    {
        if (_disposed) return;
        var tick = new TimerTickWorkItem(_callback, Rearm, _activation.Runtime.GrainLogger);
        if (!_activation.TryEnqueue(tick)) _disposed = true;
    }

    private void Rearm()
    {
        if (!_disposed && _period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan) _timer.Change(_period, Timeout.InfiniteTimeSpan);
    }
}
