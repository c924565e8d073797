using MemberCard.Abstractions.Cards;
using MemberCard.Grains;
using MemberCard.Server.Api;
using MemberCard.Server.Cards;

namespace MemberCard.Benchmarks.Serialization;

/// <summary>A purchase and a top-up as a till sends and receives them, with realistic field values.</summary>
public static class PosMessages
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 41, 7, 123, TimeSpan.Zero);

    /// <summary>The ledger entry of a purchase paid partly with points and a coupon.</summary>
    public static CardTransaction SamplePurchase { get; } = new()
    {
        TransactionId = "txn_01JDZK3Q8W6V2M4N7P9R0S1T2U",
        Type = TransactionTypes.Purchase,
        CardNo = "8800123456789012",
        StoreId = "store_01JDZHX4F2B7C9D3E5G6H8J0K1",
        OrderNo = "PO-2026-11-22-000431",
        Amount = 12_800,
        Discount = 1_280,
        PointsRedeemed = 200,
        BalanceCharged = 11_320,
        PointsEarned = 113,
        BalanceDelta = -11_320,
        PointsDelta = -87,
        Balance = 38_680,
        Points = 2_913,
        RulesVersion = 3,
        CreatedAt = At,
    };

    private static readonly CardTransaction TopUp = SamplePurchase with
    {
        TransactionId = "txn_01JDZK9B4C6D8E0F2G4H6J8K0M",
        Type = TransactionTypes.TopUp,
        OrderNo = null,
        Amount = 50_000,
        Bonus = 2_500,
        Discount = 0,
        PointsRedeemed = 0,
        BalanceCharged = 0,
        PointsEarned = 0,
        BalanceDelta = 52_500,
        PointsDelta = 0,
        Balance = 91_180,
    };

    /// <summary>The request, the two answers and the ledger entry (what the card grain stores and publishes).</summary>
    public static IEnumerable<PosMessage> All { get; } =
    [
        PosMessage.Create(nameof(PurchaseRequest),
            new PurchaseRequest(SamplePurchase.OrderNo, SamplePurchase.StoreId, SamplePurchase.Amount, 11_320, 200, "AUTUMN10"),
            ApiJsonContext.Default.PurchaseRequest),
        PosMessage.Create(nameof(PurchaseResponse), PurchaseResponse.From(SamplePurchase), ApiJsonContext.Default.PurchaseResponse),
        PosMessage.Create(nameof(TopUpResponse), TopUpResponse.From(TopUp), ApiJsonContext.Default.TopUpResponse),
        PosMessage.Create(nameof(CardTransaction), SamplePurchase, GrainJsonContext.Default.CardTransaction),
    ];
}
