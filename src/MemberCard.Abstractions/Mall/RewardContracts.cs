using MemberCard.Abstractions.Access;

namespace MemberCard.Abstractions.Mall;

/// <summary>
/// A reward of the points mall (docs/mall.md), keyed by reward id: its versions, its status, and the numbering of its
/// units of stock. It hands out units to exchanges; the unit's claim in the card's write decides who holds it.
/// </summary>
[Alias("mc.IMallRewardGrain")]
public interface IMallRewardGrain : IGrainWithStringKey
{
    /// <summary>Creates the reward at version 1, active; <c>reward_exists</c> when the id is taken.</summary>
    Task<RewardView> CreateAsync(CreateReward command);

    /// <summary>Stores a new version of the definition; past exchanges keep naming theirs. Refused once retired.</summary>
    Task<RewardView> ReviseAsync(ReviseReward command);

    /// <summary>Pause, resume or retire (<see cref="RewardActions"/>).</summary>
    Task<RewardView> ChangeStatusAsync(ChangeReward command);

    /// <summary>The reward, or null.</summary>
    [ReadOnly]
    Task<RewardView?> GetAsync();

    /// <summary>Holds a unit of stock for an exchange about to commit; <c>out_of_stock</c> when none is left.</summary>
    Task<UnitHold> ReserveUnitAsync();

    /// <summary>The exchange holding <paramref name="hold"/> committed: the unit is sold.</summary>
    Task ConfirmHoldAsync(UnitHold hold);

    /// <summary>The exchange holding <paramref name="hold"/> did not commit: the unit is free again unless its claim is held.</summary>
    Task ReleaseHoldAsync(UnitHold hold);

    /// <summary>A cancelled order gave <paramref name="unit"/> back (its claim released): it is free again. Idempotent.</summary>
    Task ReturnUnitAsync(int unit);
}

/// <summary>Reward kinds.</summary>
public static class RewardKinds
{
    public const string Coupon = "coupon";
    public const string Gift = "gift";
    public const string StoredValue = "stored_value";
}

/// <summary>Reward states.</summary>
public static class RewardStatuses
{
    public const string Active = "active";
    public const string Paused = "paused";
    public const string Retired = "retired";
}

/// <summary>Status changes of a reward.</summary>
public static class RewardActions
{
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Retire = "retire";
}

/// <summary>
/// One version of a reward. <see cref="Stores"/> and <see cref="Tiers"/> empty or null: everywhere, every tier.
/// <see cref="PerMemberLimit"/> and <see cref="TotalStock"/> null: no limit (a gift needs a stock).
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.RewardDefinition")]
public sealed record RewardDefinition
{
    [Id(0)]
    public required string Name { get; init; }
    [Id(1)]
    public required string Kind { get; init; }
    [Id(2)]
    public long PointsPrice { get; init; }
    /// <summary>The campaign whose coupon a <c>coupon</c> reward issues.</summary>
    [Id(3)]
    public string? CampaignId { get; init; }
    /// <summary>What a <c>gift</c> reward hands over.</summary>
    [Id(4)]
    public string? Gift { get; init; }
    /// <summary>Bonus (minor units) a <c>stored_value</c> reward adds.</summary>
    [Id(5)]
    public long BonusAmount { get; init; }
    [Id(6)]
    public DateTimeOffset? ValidFrom { get; init; }
    [Id(7)]
    public DateTimeOffset? ValidUntil { get; init; }
    [Id(8)]
    public IReadOnlyList<string>? Stores { get; init; }
    [Id(9)]
    public IReadOnlyList<string>? Tiers { get; init; }
    [Id(10)]
    public int? PerMemberLimit { get; init; }
    [Id(11)]
    public int? TotalStock { get; init; }
}

/// <summary>Create a reward.</summary>
[GenerateSerializer, Immutable, Alias("mc.CreateReward")]
public sealed record CreateReward([property: Id(0)] RewardDefinition Definition, [property: Id(1)] AuditActor? Actor = null);

/// <summary>Store a new version of a reward.</summary>
[GenerateSerializer, Immutable, Alias("mc.ReviseReward")]
public sealed record ReviseReward([property: Id(0)] RewardDefinition Definition, [property: Id(1)] AuditActor? Actor = null);

/// <summary>Pause, resume or retire a reward.</summary>
[GenerateSerializer, Immutable, Alias("mc.ChangeReward")]
public sealed record ChangeReward([property: Id(0)] string Action, [property: Id(1)] AuditActor? Actor = null);

/// <summary>
/// A reward as callers see it: its current version and definition, status, units taken (sold or held by an exchange
/// in flight) and units left (null: no stock limit).
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.RewardView")]
public sealed record RewardView(
    [property: Id(0)] string RewardId, [property: Id(1)] int Version, [property: Id(2)] RewardDefinition Definition, [property: Id(3)] string Status,
    [property: Id(4)] long Taken, [property: Id(5)] long? Left, [property: Id(6)] DateTimeOffset CreatedAt, [property: Id(7)] DateTimeOffset UpdatedAt);

/// <summary>Unit <see cref="Unit"/> of a reward's stock, held for one exchange until <see cref="Until"/>.</summary>
[GenerateSerializer, Immutable, Alias("mc.UnitHold")]
public sealed record UnitHold([property: Id(0)] int Unit, [property: Id(1)] string HoldId, [property: Id(2)] DateTimeOffset Until);
