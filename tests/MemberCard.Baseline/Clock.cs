namespace MemberCard.Baseline;

/// <summary>The time stamped on rows and answers.</summary>
public static class Clock
{
    // PostgreSQL keeps microseconds: truncating here makes an answer equal to what a later read of the row returns.
    public static DateTime UtcNow() => new(DateTime.UtcNow.Ticks / 10 * 10, DateTimeKind.Utc);
}
