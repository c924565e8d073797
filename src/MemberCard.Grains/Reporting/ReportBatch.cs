using System.Text.Json;
using MemberCard.Runtime.Streams;

namespace MemberCard.Grains.Reporting;

/// <summary>
/// What one delivered batch changes in the report tables, folded in memory: rows to insert once (members, cards,
/// activity) and sums to add (ledger per day/store/type, coupons per day/store/campaign). Every collection is sorted
/// by the table's key, so concurrent batches lock rows in the same order and cannot deadlock one another.
/// </summary>
internal sealed class ReportBatch(Func<DateTimeOffset, DateOnly> dayOf)
{
    public const string CouponsIssued = "coupons.issued";
    public const string CouponIssued = "coupon.issued";
    public const string CouponRedeemed = "coupon.redeemed";
    public const string CouponRestored = "coupon.restored";

    /// <summary>Number of summed ledger fields (the columns after <c>entries</c>).</summary>
    public const int LedgerFields = 13;

    /// <summary>member id → (store, day): the first registration of the batch wins, as the insert keeps the first row.</summary>
    public SortedDictionary<string, (string Store, DateOnly Day)> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>card number → member id.</summary>
    public SortedDictionary<string, string> Cards { get; } = new(StringComparer.Ordinal);

    /// <summary>(day, store, card, kind): the card's member was active that day at that store.</summary>
    public SortedSet<(DateOnly Day, string Store, string Card, string Kind)> Activity { get; } = new(ActivityOrder.Instance);

    /// <summary>(day, store, type) → entries, then the <see cref="LedgerFields"/> sums in column order.</summary>
    public SortedDictionary<(DateOnly Day, string Store, string Type), long[]> Ledger { get; } = new(DayStoreKeyOrder.Instance);

    /// <summary>(day, store, campaign) → issued, redeemed, restored, discount.</summary>
    public SortedDictionary<(DateOnly Day, string Store, string Campaign), long[]> Coupons { get; } = new(DayStoreKeyOrder.Instance);

    /// <summary>Whether the reports read this event at all (others still advance their stream).</summary>
    public static bool IsReported(StreamEvent item) => item.Namespace switch
    {
        "member" => item.Kind == "member.registered",
        "card" => item.Kind.StartsWith("card.", StringComparison.Ordinal) || item.Kind is CouponRedeemed or CouponRestored,
        "coupon-issuer" => item.Kind is CouponsIssued or CouponIssued,
        _ => false,
    };

    /// <summary>Folds one event that has not been applied before.</summary>
    public void Add(StreamEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Kind is CouponsIssued or CouponIssued or CouponRedeemed or CouponRestored)
        {
            AddCoupon(item);
            return;
        }
        if (item.Kind == "member.registered")
        {
            var member = JsonSerializer.Deserialize(item.Json, ReportJsonContext.Default.MemberRegisteredFigures)!;
            Members.TryAdd(member.MemberId, (member.StoreId ?? "", dayOf(member.At)));
            return;
        }
        if (item.Kind == "card.opened")
        {
            var card = JsonSerializer.Deserialize(item.Json, ReportJsonContext.Default.CardOpenedFigures)!;
            Cards.TryAdd(item.Key, card.MemberId);
            return;
        }
        // Status changes (card.frozen, card.active, ...) carry no ledger entry; every other card event is one.
        if (!item.Json.Contains("\"balanceDelta\"", StringComparison.Ordinal)) return;
        var entry = JsonSerializer.Deserialize(item.Json, ReportJsonContext.Default.LedgerFigures)!;
        var day = dayOf(entry.CreatedAt);
        var store = entry.StoreId ?? "";
        var type = entry.Type.Length > 0 ? entry.Type : item.Kind["card.".Length..];
        long[] fields =
        [
            1, entry.Amount, entry.Bonus, entry.Discount, entry.PointsRedeemed, entry.BalanceCharged, entry.PointsEarned,
            entry.BalanceRefunded, entry.PointsReversed, entry.PointsRestored, entry.BalanceDelta, entry.PointsDelta,
            entry.PrincipalDelta, entry.BonusDelta,
        ];
        Accumulate(Ledger, (day, store, type), fields);
        if (type is "purchase" or "top_up") Activity.Add((day, store, item.Key, type));
    }

    // Issuance belongs to no store (''); a redemption counts at the till's store, a restoration takes it back there.
    private void AddCoupon(StreamEvent item)
    {
        var c = JsonSerializer.Deserialize(item.Json, ReportJsonContext.Default.CouponFigures)!;
        var (store, at, counts) = item.Kind switch
        {
            CouponsIssued => ("", c.IssuedAt, new long[] { c.Count, 0, 0, 0 }),
            CouponIssued => ("", c.IssuedAt, [1, 0, 0, 0]),
            CouponRedeemed => (c.StoreId ?? "", c.At, [0, 1, 0, c.Discount]),
            _ => (c.StoreId ?? "", c.At, [0, 0, 1, -c.Discount]),
        };
        Accumulate(Coupons, (dayOf(at), store, c.CampaignId), counts);
    }

    private static void Accumulate<TKey>(SortedDictionary<TKey, long[]> sums, TKey key, long[] values)
        where TKey : notnull
    {
        if (!sums.TryGetValue(key, out var total))
        {
            sums[key] = values;
            return;
        }
        for (var i = 0; i < values.Length; i++) total[i] += values[i];
    }

    private sealed class ActivityOrder : IComparer<(DateOnly Day, string Store, string Card, string Kind)>
    {
        public static readonly ActivityOrder Instance = new();

        public int Compare((DateOnly Day, string Store, string Card, string Kind) x, (DateOnly Day, string Store, string Card, string Kind) y)
        {
            var c = x.Day.CompareTo(y.Day);
            if (c == 0) c = string.CompareOrdinal(x.Store, y.Store);
            if (c == 0) c = string.CompareOrdinal(x.Card, y.Card);
            return c != 0 ? c : string.CompareOrdinal(x.Kind, y.Kind);
        }
    }

    // (day, store, type) for ledger sums and (day, store, campaign) for coupon sums: the same order.
    private sealed class DayStoreKeyOrder : IComparer<(DateOnly Day, string Store, string Key)>
    {
        public static readonly DayStoreKeyOrder Instance = new();

        public int Compare((DateOnly Day, string Store, string Key) x, (DateOnly Day, string Store, string Key) y)
        {
            var c = x.Day.CompareTo(y.Day);
            if (c == 0) c = string.CompareOrdinal(x.Store, y.Store);
            return c != 0 ? c : string.CompareOrdinal(x.Key, y.Key);
        }
    }
}
