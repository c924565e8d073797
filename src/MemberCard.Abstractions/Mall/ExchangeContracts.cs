using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Cards;

namespace MemberCard.Abstractions.Mall;

/// <summary>The points mall on a card (implemented by the card grain): exchange points for a reward, and give them back.</summary>
[Alias("mc.ICardMallGrain")]
public interface ICardMallGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes the reward's points and delivers it in one write (docs/mall.md). Refusals: <c>reward_not_found</c>,
    /// <c>reward_paused</c>, <c>reward_retired</c>, <c>reward_not_available</c>, <c>out_of_stock</c>, <c>limit_reached</c>,
    /// <c>insufficient_points</c>, <c>balance_cap_exceeded</c>, and the card's own.
    /// </summary>
    Task<MallExchange> ExchangeAsync(ExchangeReward command);

    /// <summary>Gives a cancelled order's points, unit and limit back, once; a repeat answers the first entry.</summary>
    Task<CardTransaction> CancelExchangeAsync(CancelExchange command);
}

/// <summary>Exchange reward <see cref="RewardId"/> at store <see cref="StoreId"/> (a gift is picked up there unless shipped).</summary>
[GenerateSerializer, Immutable, Alias("mc.ExchangeReward")]
public sealed record ExchangeReward([property: Id(0)] string RewardId, [property: Id(1)] string StoreId, [property: Id(2)] RequestIdentity Request, [property: Id(3)] AuditActor? Actor = null)
{
    /// <summary>Where to ship a gift; null: pickup at <see cref="StoreId"/>.</summary>
    [Id(4)]
    public string? ShippingAddress { get; init; }
}

/// <summary>Give back the points, unit and limit of <see cref="Order"/> (called by its order grain).</summary>
[GenerateSerializer, Immutable, Alias("mc.CancelExchange")]
public sealed record CancelExchange([property: Id(0)] MallOrder Order, [property: Id(1)] string? Reason, [property: Id(2)] AuditActor? Actor = null);

/// <summary>
/// What one exchange created, as committed in the card's write (the value of the claim <c>mall-order/&lt;id&gt;</c>).
/// <see cref="Unit"/> and <see cref="LimitSlot"/> are the claims it holds (null: none); <see cref="PointsDrawn"/> the lots paid from.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.MallOrder")]
public sealed record MallOrder
{
    [Id(0)]
    public required string OrderId { get; init; }
    [Id(1)]
    public required string RewardId { get; init; }
    [Id(2)]
    public int RewardVersion { get; init; }
    [Id(3)]
    public required string RewardName { get; init; }
    [Id(4)]
    public required string Kind { get; init; }
    [Id(5)]
    public required string CardNo { get; init; }
    [Id(6)]
    public required string MemberId { get; init; }
    [Id(7)]
    public required string StoreId { get; init; }
    [Id(8)]
    public long Points { get; init; }
    [Id(9)]
    public int? Unit { get; init; }
    [Id(10)]
    public int? LimitSlot { get; init; }
    [Id(11)]
    public string? CouponCode { get; init; }
    [Id(12)]
    public long BonusAmount { get; init; }
    [Id(13)]
    public string? Gift { get; init; }
    [Id(14)]
    public string? ShippingAddress { get; init; }
    [Id(15)]
    public required string TransactionId { get; init; }
    [Id(16)]
    public IReadOnlyList<PointDraw>? PointsDrawn { get; init; }
    [Id(17)]
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The answer of an exchange: the order, its ledger entry and the order's first status.</summary>
[GenerateSerializer, Immutable, Alias("mc.MallExchange")]
public sealed record MallExchange([property: Id(0)] MallOrder Order, [property: Id(1)] CardTransaction Transaction, [property: Id(2)] string Status);
