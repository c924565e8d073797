namespace MemberCard.Baseline;

/// <summary>One row of the append-only ledger: what a top-up, purchase or refund did, and the card after it.</summary>
public sealed record LedgerEntry
{
    public const string TopUp = "top_up";
    public const string Purchase = "purchase";
    public const string Refund = "refund";

    public Guid TransactionId { get; } = Guid.CreateVersion7();

    public DateTime CreatedAt { get; } = Clock.UtcNow();

    public required string Type { get; init; }
    public required string StoreId { get; init; }
    public string? OrderNo { get; init; }
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
    public long Balance { get; init; }
    public long Points { get; init; }
}
