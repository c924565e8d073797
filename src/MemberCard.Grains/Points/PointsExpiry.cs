namespace MemberCard.Grains.Points;

/// <summary>
/// When earned points expire: at the end of the Nth calendar month after the month they were earned in
/// (UTC), i.e. at 00:00 UTC on the first day of the month after that. Points earned on 2026-01-15 with
/// N = 12 are usable through 2027-01-31 and expire at 2027-02-01T00:00Z.
/// </summary>
public static class PointsExpiry
{
    /// <summary>The expiry instant, or null when <paramref name="months"/> is 0 (never).</summary>
    public static DateTimeOffset? ExpiresAt(int months, DateTimeOffset earnedAt)
    {
        if (months <= 0) return null;
        var utc = earnedAt.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(months + 1);
    }
}
