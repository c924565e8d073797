using MemberCard.Abstractions;
using MemberCard.Abstractions.Mall;

namespace MemberCard.Grains.Mall;

/// <summary>Whether a reward may be exchanged now, at a store, by a card of a tier, and the mall's refusal when not.</summary>
public static class RewardAvailability
{
    /// <summary>Throws <c>reward_paused</c>, <c>reward_retired</c>, <c>reward_not_available</c> or <c>out_of_stock</c>.</summary>
    public static void Check(RewardView reward, string storeId, string tier, DateTimeOffset now)
    {
        if (Refusal(reward, storeId, tier, now) is { } refusal) throw refusal;
    }

    /// <summary>The refusal of an exchange now, or null when the reward may be exchanged.</summary>
    public static DomainException? Refusal(RewardView reward, string storeId, string tier, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reward);
        if (reward.Status == RewardStatuses.Retired) return new(ErrorCodes.RewardRetired, $"Reward {reward.RewardId} is retired.");
        if (reward.Status == RewardStatuses.Paused) return new(ErrorCodes.RewardPaused, $"Reward {reward.RewardId} is paused.");
        var d = reward.Definition;
        if (d.ValidFrom is { } from && now < from) return NotAvailable($"Reward {reward.RewardId} can be exchanged from {from:O}.");
        if (d.ValidUntil is { } until && now >= until) return NotAvailable($"Reward {reward.RewardId} could be exchanged until {until:O}.");
        if (d.Stores is { Count: > 0 } stores && !stores.Contains(storeId)) return NotAvailable($"Reward {reward.RewardId} is not offered at store {storeId}.");
        if (d.Tiers is { Count: > 0 } tiers && !tiers.Contains(tier)) return NotAvailable($"Reward {reward.RewardId} is not offered to tier {tier}.");
        if (reward.Left is <= 0) return new(ErrorCodes.OutOfStock, $"Reward {reward.RewardId} is out of stock.");
        return null;
    }

    /// <summary>The <c>reward_not_available</c> refusal.</summary>
    public static DomainException NotAvailable(string message) => new(ErrorCodes.RewardNotAvailable, message);
}
