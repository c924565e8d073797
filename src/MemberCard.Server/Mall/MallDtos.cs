using System.ComponentModel.DataAnnotations;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Mall;
using MemberCard.Grains.Mall;

namespace MemberCard.Server.Mall;

/// <summary>A reward's definition, to create it or to store a new version of it (docs/mall.md).</summary>
public sealed record RewardRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string? Name,
    [property: Required, AllowedValues(RewardKinds.Coupon, RewardKinds.Gift, RewardKinds.StoredValue)] string? Kind,
    [property: Required, Range(1, RewardDefinitionRules.MaxPointsPrice)] long? PointsPrice,
    [property: StringLength(32)] string? CampaignId, [property: StringLength(200)] string? Gift,
    [property: Range(1, RewardDefinitionRules.MaxBonusAmount)] long? BonusAmount, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil,
    [property: MaxLength(1000)] IReadOnlyList<string>? Stores, [property: MaxLength(100)] IReadOnlyList<string>? Tiers,
    [property: Range(1, RewardDefinitionRules.MaxPerMemberLimit)] int? PerMemberLimit, [property: Range(0, RewardDefinitionRules.MaxStock)] int? TotalStock)
{
    /// <summary>The grain's definition (validated by the grain).</summary>
    public RewardDefinition ToDefinition() => new()
    {
        Name = Name ?? "",
        Kind = Kind ?? "",
        PointsPrice = PointsPrice ?? 0,
        CampaignId = CampaignId,
        Gift = Gift,
        BonusAmount = BonusAmount ?? 0,
        ValidFrom = ValidFrom,
        ValidUntil = ValidUntil,
        Stores = Stores,
        Tiers = Tiers,
        PerMemberLimit = PerMemberLimit,
        TotalStock = TotalStock,
    };
}

/// <summary>A reward: its current version, status and stock (<c>left</c> null: no stock limit).</summary>
public sealed record RewardResponse(
    string RewardId, int Version, string Name, [property: AllowedValues(RewardKinds.Coupon, RewardKinds.Gift, RewardKinds.StoredValue)] string Kind,
    [property: AllowedValues(RewardStatuses.Active, RewardStatuses.Paused, RewardStatuses.Retired)] string Status, long PointsPrice,
    string? CampaignId, string? Gift, long BonusAmount, DateTime? ValidFrom, DateTime? ValidUntil, IReadOnlyList<string> Stores,
    IReadOnlyList<string> Tiers, int? PerMemberLimit, int? TotalStock, long Taken, long? Left, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static RewardResponse From(RewardView v)
    {
        var d = v.Definition;
        return new(v.RewardId, v.Version, d.Name, d.Kind, v.Status, d.PointsPrice, d.CampaignId, d.Gift, d.BonusAmount,
            d.ValidFrom?.UtcDateTime, d.ValidUntil?.UtcDateTime, d.Stores ?? [], d.Tiers ?? [], d.PerMemberLimit, d.TotalStock, v.Taken, v.Left,
            v.CreatedAt.UtcDateTime, v.UpdatedAt.UtcDateTime);
    }
}

/// <summary>A reward a card's member can exchange now, and how many more times (null: no limit); <c>affordable</c>: the card has the points.</summary>
public sealed record AvailableRewardResponse(RewardResponse Reward, int? MemberLeft, bool Affordable);

/// <summary>Exchange a reward at a store; a gift is picked up there unless <c>shippingAddress</c> is given.</summary>
public sealed record ExchangeRequest(
    [property: Required, StringLength(32, MinimumLength = 1)] string? RewardId,
    [property: Required, RegularExpression(MemberCard.Server.Api.Requests.Identifiers.StoreIdPattern)] string? StoreId,
    [property: StringLength(300)] string? ShippingAddress);

/// <summary>An exchange of the points mall: its order and status, and the ledger entry that paid it.</summary>
public sealed record MallOrderResponse(
    string OrderId, string RewardId, int RewardVersion, string RewardName,
    [property: AllowedValues(RewardKinds.Coupon, RewardKinds.Gift, RewardKinds.StoredValue)] string Kind,
    [property: AllowedValues(MallOrderStatuses.Ordered, MallOrderStatuses.ReadyForPickup, MallOrderStatuses.Shipped, MallOrderStatuses.Delivered, MallOrderStatuses.Cancelled)] string Status,
    string CardNo, string StoreId, long Points, string? CouponCode, long BonusAmount, string? Gift, string? ShippingAddress,
    string TransactionId, DateTime CreatedAt, IReadOnlyList<MallOrderStepResponse> History)
{
    public static MallOrderResponse From(MallOrderView v) => From(v.Order, v.Status, v.History);

    public static MallOrderResponse From(MallExchange e) =>
        From(e.Order, e.Status, [new MallOrderStep(e.Status, e.Order.CreatedAt, null, null)]);

    private static MallOrderResponse From(MallOrder o, string status, IReadOnlyList<MallOrderStep> history) =>
        new(o.OrderId, o.RewardId, o.RewardVersion, o.RewardName, o.Kind, status, o.CardNo, o.StoreId, o.Points, o.CouponCode, o.BonusAmount,
            o.Gift, o.ShippingAddress, o.TransactionId, o.CreatedAt.UtcDateTime,
            [.. history.Select(h => new MallOrderStepResponse(h.Status, h.At.UtcDateTime, h.By, h.Note))]);
}

/// <summary>One step of an order's fulfilment.</summary>
public sealed record MallOrderStepResponse(string Status, DateTime At, string? By, string? Note);

/// <summary>The answer of an exchange: the order and the card's balance and points after it.</summary>
public sealed record ExchangeResponse(MallOrderResponse Order, string TransactionId, long PointsDelta, long Points, long BonusDelta, long Balance)
{
    public static ExchangeResponse From(MallExchange e) => From(e.Transaction, MallOrderResponse.From(e));

    private static ExchangeResponse From(CardTransaction t, MallOrderResponse order) =>
        new(order, t.TransactionId, t.PointsDelta, t.Points, t.BonusDelta, t.Balance);
}

/// <summary>A note with an order's move: the tracking number of a shipment, the reason of a cancellation.</summary>
public sealed record MoveOrderRequest([property: StringLength(200)] string? Note);

/// <summary>The mall's figures for a range: points spent net of cancellations, exchanges, cancellations, the top rewards.</summary>
public sealed record MallReportResponse(string From, string To, string? StoreId, long PointsSpent, long Exchanges, long Cancellations, IReadOnlyList<RewardFigures> TopRewards);
