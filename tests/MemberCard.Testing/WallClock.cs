namespace MemberCard.Testing;

/// <summary>
/// A clock for a whole co-hosted server under test: its wall time (<see cref="GetUtcNow"/>) is the test's
/// fake clock (a FakeTimeProvider), so the domain sees the dates the test sets, while its timers and timestamps are the
/// system's, because Orleans schedules its own work (call time-outs, membership, the stream pulling agents) with the
/// same <see cref="TimeProvider"/> and would stand still on a fake one.
/// </summary>
public sealed class WallClock(TimeProvider wall) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => wall.GetUtcNow();
}
