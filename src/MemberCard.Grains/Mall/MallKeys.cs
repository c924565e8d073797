using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Mall;

/// <summary>The claims and logs of the points mall (docs/mall.md). Claims make each scarce thing unique cluster-wide.</summary>
public static class MallKeys
{
    /// <summary>Directory log of rewards (one entry per reward created).</summary>
    public const string RewardsLog = "mall-rewards";

    /// <summary>Log of every exchange, chain-wide (reports).</summary>
    public const string ExchangesLog = "mall-exchanges";

    /// <summary>Log of every cancellation, chain-wide (reports).</summary>
    public const string CancellationsLog = "mall-cancellations";

    /// <summary>Unit <paramref name="unit"/> of a reward's stock; value: the order id; owner: the card that exchanged it.</summary>
    public static ClaimKey Unit(string rewardId, int unit) => new("mall-unit", $"{rewardId}/{unit}");

    /// <summary>The <paramref name="slot"/>-th exchange of a reward by a member; value: the order id.</summary>
    public static ClaimKey Limit(string rewardId, string memberId, int slot) => new("mall-limit", $"{rewardId}/{memberId}/{slot}");

    /// <summary>The order an exchange created; value: the <c>MallOrder</c>.</summary>
    public static ClaimKey Order(string orderId) => new("mall-order", orderId);

    /// <summary>The cancellation of an order; value: the card's <c>RequestRecord</c> of it. Makes it exactly once.</summary>
    public static ClaimKey Cancellation(string orderId) => new("mall-cancel", orderId);

    /// <summary>Log of a store's orders (its fulfilment queue).</summary>
    public static string StoreOrdersLog(string storeId) => $"mall-orders:{storeId}";

    /// <summary>Log of a member's orders.</summary>
    public static string MemberOrdersLog(string memberId) => $"mall-orders-of:{memberId}";
}

/// <summary>The entry of the rewards directory log.</summary>
public sealed record RewardListed(string RewardId);

/// <summary>The entry of the cancellations log.</summary>
public sealed record MallOrderCancelled(string OrderId, string RewardId, string StoreId, long Points, DateTimeOffset At);
