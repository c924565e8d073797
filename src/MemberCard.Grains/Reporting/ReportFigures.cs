namespace MemberCard.Grains.Reporting;

/// <summary>How report rows are grouped in time.</summary>
public enum ReportPeriod
{
    /// <summary>One row per calendar day.</summary>
    Day,

    /// <summary>One row per ISO week (Monday to Sunday).</summary>
    Week,

    /// <summary>One row per calendar month.</summary>
    Month,
}

/// <summary>
/// The figures of one period, for one store or chain-wide (<see cref="StoreId"/> null). Definitions in docs/reports.md.
/// Money in fen, points in points.
/// </summary>
public sealed record ReportSummary
{
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public string? StoreId { get; init; }
    public long NewMembers { get; init; }
    public long ActiveMembers { get; init; }
    public long PurchasingMembers { get; init; }
    public long Purchases { get; init; }
    public long PurchaseAmount { get; init; }
    /// <summary>Purchases per purchasing member, to two decimals (0 when nobody purchased).</summary>
    public decimal Frequency { get; init; }
    public long TopUps { get; init; }
    public long TopUpPrincipal { get; init; }
    public long TopUpBonus { get; init; }
    public long Refunds { get; init; }
    public long RefundAmount { get; init; }
    public long PointsIssued { get; init; }
    public long PointsRedeemed { get; init; }
    public long PointsRestored { get; init; }
    public long PointsReversed { get; init; }
    public long PointsExpired { get; init; }
    /// <summary>Net change of stored value in the period (sum of BalanceDelta).</summary>
    public long BalanceChange { get; init; }
    /// <summary>Outstanding stored value at the end of the period (sum of BalanceDelta up to <see cref="To"/>).</summary>
    public long BalanceLiability { get; init; }
    /// <summary>Principal part of <see cref="BalanceLiability"/> (sum of PrincipalDelta; needs the domain's principal/bonus split).</summary>
    public long PrincipalLiability { get; init; }
    /// <summary>Bonus part of <see cref="BalanceLiability"/> (sum of BonusDelta; needs the domain's principal/bonus split).</summary>
    public long BonusLiability { get; init; }
    /// <summary>Outstanding points at the end of the period (sum of PointsDelta up to <see cref="To"/>).</summary>
    public long PointsLiability { get; init; }
    /// <summary>Coupons issued in the period (chain-wide; null in a store's report: issuance belongs to no store).</summary>
    public long? CouponsIssued { get; init; }
    /// <summary>Coupons redeemed in the period, net of those a full refund gave back.</summary>
    public long? CouponsRedeemed { get; init; }
    /// <summary>Coupons a full refund gave back in the period.</summary>
    public long CouponsRestored { get; init; }
    /// <summary>Net coupons redeemed ÷ coupons issued in the period, 4 decimals; null per store or when none were issued.</summary>
    public decimal? CouponRedemptionRate { get; init; }
    /// <summary>What coupons took off orders in the period, net of restorations (fen).</summary>
    public long CouponDiscount { get; init; }
    /// <summary>Every ledger entry type of the period with its field sums (unknown types included).</summary>
    public IReadOnlyList<LedgerTotals> ByType { get; init; } = [];
}

/// <summary>Field sums of the ledger entries of one type (and, in exports, one day and store).</summary>
public sealed record LedgerTotals
{
    public DateOnly? Day { get; init; }
    public string? StoreId { get; init; }
    public required string Type { get; init; }
    public long Entries { get; init; }
    public long Amount { get; init; }
    public long Bonus { get; init; }
    public long Discount { get; init; }
    public long PointsRedeemed { get; init; }
    public long BalanceCharged { get; init; }
    public long PointsEarned { get; init; }
    public long BalanceRefunded { get; init; }
    public long PointsReversed { get; init; }
    public long PointsRestored { get; init; }
    public long BalanceDelta { get; init; }
    public long PointsDelta { get; init; }
    public long PrincipalDelta { get; init; }
    public long BonusDelta { get; init; }
}

/// <summary>Members registered in one month and how many of them were active in each later month (0 = the same month).</summary>
public sealed record RetentionCohort(string Month, long Members, IReadOnlyList<long> ActiveByMonth);
