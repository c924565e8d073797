namespace MemberCard.Grains.Reporting;

/// <summary>
/// The fields of a card ledger event (<c>card.&lt;type&gt;</c>, a CardTransaction) that reports sum. Read from the
/// event's JSON; a field an event does not carry reads as zero. <see cref="PrincipalDelta"/> and
/// <see cref="BonusDelta"/> come with the domain's principal/bonus split (BalanceDelta = PrincipalDelta + BonusDelta);
/// events written before that split carry neither, and the figures built on them read zero for those events.
/// </summary>
internal sealed record LedgerFigures
{
    public string Type { get; init; } = "";
    public string CardNo { get; init; } = "";
    public string? StoreId { get; init; }
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
    public long Balance { get; init; }
    public long Points { get; init; }
    public string? OrderNo { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>What reports read from <c>card.opened</c>.</summary>
internal sealed record CardOpenedFigures(string CardNo, string MemberId);

/// <summary>What reports read from <c>member.registered</c>.</summary>
internal sealed record MemberRegisteredFigures(string MemberId, string? StoreId, DateTimeOffset At);

/// <summary>
/// What reports read from <c>coupons.issued</c> (a CouponsIssued: <see cref="Count"/>, <see cref="IssuedAt"/>), from
/// <c>coupon.issued</c> (one IssuedCoupon per event, written before issuance events were per batch) and <c>coupon.redeemed</c> /
/// <c>coupon.restored</c> (a CouponRedemption: <see cref="StoreId"/>, <see cref="Discount"/>, <see cref="At"/>).
/// </summary>
internal sealed record CouponFigures
{
    public string CampaignId { get; init; } = "";
    public int Count { get; init; }
    public string? StoreId { get; init; }
    public long Discount { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
    public DateTimeOffset At { get; init; }
}
