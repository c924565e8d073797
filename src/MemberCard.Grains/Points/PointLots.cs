using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;

namespace MemberCard.Grains.Points;

/// <summary>
/// Operations on a card's points lots. Lots are spent soonest-expiring first (so the oldest first; lots that
/// never expire last), ties by earn time then id. Empty lots are dropped.
/// </summary>
public static class PointLots
{
    /// <summary>The lots in spending order.</summary>
    public static IEnumerable<PointLot> InSpendingOrder(IEnumerable<PointLot> lots) =>
        lots.OrderBy(l => l.ExpiresAt ?? DateTimeOffset.MaxValue).ThenBy(l => l.EarnedAt).ThenBy(l => l.LotId, StringComparer.Ordinal);

    /// <summary>Total points in the lots.</summary>
    public static long Total(IEnumerable<PointLot> lots) => lots.Sum(l => l.Remaining);

    /// <summary>Takes <paramref name="points"/> oldest first; <see cref="ErrorCodes.InsufficientPoints"/> when there are too few.</summary>
    public static (IReadOnlyList<PointLot> Lots, IReadOnlyList<PointDraw> Draws) Take(IReadOnlyList<PointLot> lots, long points)
    {
        if (points <= 0) return (lots, []);
        if (Total(lots) < points) throw new DomainException(ErrorCodes.InsufficientPoints, $"The card has {Total(lots)} points.");
        var draws = new List<PointDraw>();
        var taken = new Dictionary<string, long>();
        var left = points;
        foreach (var lot in InSpendingOrder(lots))
        {
            if (left == 0) break;
            var n = Math.Min(left, lot.Remaining);
            if (n == 0) continue;
            draws.Add(new PointDraw(lot.LotId, lot.EarnedAt, lot.ExpiresAt, n));
            taken[lot.LotId] = n;
            left -= n;
        }
        return (Apply(lots, taken), draws);
    }

    /// <summary>
    /// Takes up to <paramref name="points"/> from lot <paramref name="preferredLot"/> first, then oldest first, and never
    /// below zero: returns how many were really taken (a refund reversing points already spent forgives the rest).
    /// </summary>
    public static (IReadOnlyList<PointLot> Lots, long Taken) TakeUpTo(IReadOnlyList<PointLot> lots, long points, string? preferredLot)
    {
        var want = Math.Min(points, Total(lots));
        if (want <= 0) return (lots, 0);
        var taken = new Dictionary<string, long>();
        var left = want;
        var ordered = InSpendingOrder(lots).ToList();
        if (preferredLot is not null && ordered.FindIndex(l => l.LotId == preferredLot) is var i and >= 0)
        {
            var preferred = ordered[i];
            ordered.RemoveAt(i);
            ordered.Insert(0, preferred);
        }
        foreach (var lot in ordered)
        {
            if (left == 0) break;
            var n = Math.Min(left, lot.Remaining);
            if (n == 0) continue;
            taken[lot.LotId] = n;
            left -= n;
        }
        return (Apply(lots, taken), want);
    }

    /// <summary>Adds a new lot (its id is the id of the transaction that earned it, so no lot has it yet).</summary>
    public static IReadOnlyList<PointLot> Add(IReadOnlyList<PointLot> lots, PointLot lot) => lot.Remaining <= 0 ? lots : [.. lots, lot];

    /// <summary>Gives points back to the lot they came from: tops up the lot with the same id, or adds it again.</summary>
    public static IReadOnlyList<PointLot> GiveBack(IReadOnlyList<PointLot> lots, PointLot lot)
    {
        if (lot.Remaining <= 0) return lots;
        return lots.Any(l => l.LotId == lot.LotId)
            ? [.. lots.Select(l => l.LotId == lot.LotId ? l with { Remaining = l.Remaining + lot.Remaining } : l)]
            : [.. lots, lot];
    }

    /// <summary>Lots whose expiry is at or before <paramref name="now"/> and still hold points, in spending order.</summary>
    public static IReadOnlyList<PointLot> Due(IReadOnlyList<PointLot> lots, DateTimeOffset now)
    {
        // Every points operation asks, and a card can hold thousands of lots: one plain pass, and a sort only when one is due.
        List<PointLot>? due = null;
        for (var i = 0; i < lots.Count; i++)
        {
            var lot = lots[i];
            if (lot.ExpiresAt is { } expires && expires <= now && lot.Remaining > 0) (due ??= []).Add(lot);
        }
        return due is null ? [] : [.. InSpendingOrder(due)];
    }

    /// <summary>
    /// The draws a refund gives back: the purchase's draws in the order they were taken, skipping the
    /// <paramref name="restoredSoFar"/> points earlier refunds of the order already gave back.
    /// </summary>
    public static IReadOnlyList<PointDraw> Restore(IReadOnlyList<PointDraw> draws, long restoredSoFar, long points)
    {
        var result = new List<PointDraw>();
        var skip = restoredSoFar;
        var left = points;
        foreach (var d in draws)
        {
            if (left == 0) break;
            var available = d.Points - Math.Min(skip, d.Points);
            skip -= d.Points - available;
            var n = Math.Min(available, left);
            if (n == 0) continue;
            result.Add(d with { Points = n });
            left -= n;
        }
        return result;
    }

    private static IReadOnlyList<PointLot> Apply(IReadOnlyList<PointLot> lots, Dictionary<string, long> taken) =>
        [.. lots.Select(l => taken.TryGetValue(l.LotId, out var n) ? l with { Remaining = l.Remaining - n } : l).Where(l => l.Remaining > 0)];
}
