using MemberCard.Abstractions.Members;

namespace MemberCard.Grains.Tiers;

/// <summary>
/// The rolling 12-month window: the current calendar month and the 11 before it (UTC). Months older than
/// the window are dropped as activity is added, so the state stays at most 12 entries.
/// </summary>
public static class RollingMeasure
{
    /// <summary>Adds activity to its month and drops months outside the window as of <paramref name="now"/>.</summary>
    public static IReadOnlyList<MonthActivity> Add(IReadOnlyList<MonthActivity> months, DateTimeOffset at, long spend, long points, DateTimeOffset now)
    {
        var u = at.UtcDateTime;
        var list = months.ToList();
        var i = list.FindIndex(m => m.Year == u.Year && m.Month == u.Month);
        if (i >= 0) list[i] = list[i] with { Spend = list[i].Spend + spend, Points = list[i].Points + points };
        else list.Add(new MonthActivity(u.Year, u.Month, spend, points));
        return [.. list.Where(m => InWindow(m, now))];
    }

    /// <summary>Total of the measure (spend or points) inside the window as of <paramref name="now"/>; never negative.</summary>
    public static long Total(IEnumerable<MonthActivity> months, DateTimeOffset now, bool points) =>
        Math.Max(0, months.Where(m => InWindow(m, now)).Sum(m => points ? m.Points : m.Spend));

    private static bool InWindow(MonthActivity m, DateTimeOffset now)
    {
        var u = now.UtcDateTime;
        var age = (u.Year - m.Year) * 12 + (u.Month - m.Month);
        return age is >= 0 and < 12;
    }
}
