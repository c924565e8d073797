namespace MemberCard.Testing;

/// <summary>
/// A clock that moves only when a test says so. Timers created from it fire, on the caller's thread,
/// when <see cref="Advance"/> passes their due time (only timers armed before that call; see there). (Microsoft.Extensions.TimeProvider.Testing is not in
/// the registry here, so this small one is written by hand.)
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;
    private long _ticks;
    private long _armings;

    /// <summary>Starts at 2026-01-01T00:00:00Z.</summary>
    public ManualTimeProvider() : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_lock) return _ticks;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in due order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        long armedBefore;
        lock (_lock)
        {
            target = _now + by;
            armedBefore = _armings;
        }
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                // Only timers armed before this call fire in it (a periodic one as often as its period fits). A timer
                // armed by a callback during the advance (a polling loop's next Task.Delay) waits for the next call:
                // otherwise a 200 ms polling loop would chase a 400-day advance through 170 million steps.
                next = _timers.Where(t => t.DueAt is { } due && due <= target && t.ArmedAt <= armedBefore).MinBy(t => t.DueAt);
                var moveTo = next?.DueAt ?? target;
                _ticks += (moveTo - _now).Ticks;
                _now = moveTo;
                if (next is null) return;
                next.Advance();
            }
            next.Fire();
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period;

        public DateTimeOffset? DueAt { get; private set; }

        public long ArmedAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                ArmedAt = ++clock._armings;
            }
            return true;
        }

        public void Advance() =>
            DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : DueAt + _period;

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                DueAt = null;
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
