namespace MemberCard.Testing;

/// <summary>
/// Tells another clock's time, but its timers never fire. Orleans' reminder service on it registers reminders on the
/// test's timeline and never fires them itself: the test does, with <see cref="DomainCluster.FireDueRemindersAsync"/>.
/// </summary>
internal sealed class ClockWithoutTimers(TimeProvider time) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => time.GetUtcNow();

    public override long GetTimestamp() => time.GetTimestamp();

    public override long TimestampFrequency => time.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new SilentTimer();

    private sealed class SilentTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
