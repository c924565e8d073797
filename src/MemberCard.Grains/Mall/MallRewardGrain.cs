using MemberCard.Abstractions;
using MemberCard.Abstractions.Mall;
using MemberCard.Grains.Audit;
using MemberCard.Storage.State;

namespace MemberCard.Grains.Mall;

/// <summary>
/// A reward of the points mall: versions, status and the numbering of its stock. It picks which unit an exchange
/// takes; the claim of that unit in the card's write decides (docs/mall.md), so a wrong pick costs a retry, never a
/// unit sold twice. It never calls a card.
/// </summary>
[GrainType("mall-reward")]
public sealed class MallRewardGrain([AtomicState] IAtomicState<RewardState> state) : StateGrain<RewardState>(state), IMallRewardGrain
{
    /// <summary>How long a unit stays held for an exchange that has not said how it ended.</summary>
    public static readonly TimeSpan HoldDuration = TimeSpan.FromSeconds(60);

    protected override RewardState CreateInitialState() => new([], "", default, default);

    public async Task<RewardView> CreateAsync(CreateReward command)
    {
        if (StateExists) throw new DomainException(ErrorCodes.RewardExists, $"Reward {Key} already exists.");
        RewardDefinitionRules.Validate(command.Definition);
        var now = Clock.GetUtcNow();
        var next = new RewardState([command.Definition], RewardStatuses.Active, now, now);
        await CommitAsync(next, w => w.Append(MallKeys.RewardsLog, new RewardListed(Key))
            .Publish("mall.reward_created", ToView(next)).Audit(command.Actor, Key, now));
        return ToView(State);
    }

    public async Task<RewardView> ReviseAsync(ReviseReward command)
    {
        RequireReward();
        if (State.Status == RewardStatuses.Retired) throw new DomainException(ErrorCodes.RewardRetired, $"Reward {Key} is retired.");
        RewardDefinitionRules.Validate(command.Definition);
        var now = Clock.GetUtcNow();
        var next = State with { Versions = [.. State.Versions, command.Definition], UpdatedAt = now };
        await CommitAsync(next, w => w.Publish("mall.reward_revised", ToView(next)).Audit(command.Actor, Key, now));
        return ToView(State);
    }

    public async Task<RewardView> ChangeStatusAsync(ChangeReward command)
    {
        RequireReward();
        var status = (State.Status, command.Action) switch
        {
            (RewardStatuses.Active, RewardActions.Pause) => RewardStatuses.Paused,
            (RewardStatuses.Paused, RewardActions.Resume) => RewardStatuses.Active,
            (RewardStatuses.Active or RewardStatuses.Paused, RewardActions.Retire) => RewardStatuses.Retired,
            (_, RewardActions.Pause or RewardActions.Resume or RewardActions.Retire) when State.Status == RewardStatuses.Retired =>
                throw new DomainException(ErrorCodes.RewardRetired, $"Reward {Key} is retired."),
            (_, RewardActions.Pause or RewardActions.Resume or RewardActions.Retire) => State.Status,
            _ => throw DomainException.Invalid("action", $"Unknown action {command.Action}."),
        };
        var now = Clock.GetUtcNow();
        var next = State with { Status = status, UpdatedAt = now };
        await CommitAsync(next, w => w.Publish($"mall.reward_{status}", ToView(next)).Audit(command.Actor, Key, now));
        return ToView(State);
    }

    public Task<RewardView?> GetAsync() => Task.FromResult(StateExists ? ToView(State) : null);

    public async Task<UnitHold> ReserveUnitAsync()
    {
        RequireReward();
        var now = Clock.GetUtcNow();
        var swept = await SweepExpiredAsync(State, now);
        var stock = Current.TotalStock ?? int.MaxValue;
        var free = swept.FreeUnits.Where(u => u <= stock).Order().ToList();
        int unit;
        if (free.Count > 0) unit = free[0];
        else if (swept.NextUnit <= stock) unit = swept.NextUnit;
        else
        {
            if (swept != State) await CommitAsync(swept);
            throw new DomainException(ErrorCodes.OutOfStock, $"Reward {Key} is out of stock.");
        }
        var hold = new UnitHold(unit, Guid.NewGuid().ToString("N"), now + HoldDuration);
        await CommitAsync(swept with
        {
            NextUnit = Math.Max(swept.NextUnit, unit + 1),
            Free = [.. free.Where(u => u != unit)],
            Holds = [.. swept.HeldUnits, hold],
        });
        return hold;
    }

    public async Task ConfirmHoldAsync(UnitHold hold)
    {
        if (!State.HeldUnits.Any(h => h.HoldId == hold.HoldId)) return;
        await CommitAsync(State with { Holds = [.. State.HeldUnits.Where(h => h.HoldId != hold.HoldId)] });
    }

    public async Task ReleaseHoldAsync(UnitHold hold)
    {
        if (!State.HeldUnits.Any(h => h.HoldId == hold.HoldId)) return;
        var sold = await ReadClaimAsync(MallKeys.Unit(Key, hold.Unit)) is not null;
        await CommitAsync(State with
        {
            Holds = [.. State.HeldUnits.Where(h => h.HoldId != hold.HoldId)],
            Free = sold ? State.FreeUnits : [.. State.FreeUnits, hold.Unit],
        });
    }

    public async Task ReturnUnitAsync(int unit)
    {
        // Only a unit handed out, not free already, not held by an exchange in flight, and whose claim is released.
        if (unit < 1 || unit >= State.NextUnit || State.FreeUnits.Contains(unit) || State.HeldUnits.Any(h => h.Unit == unit)) return;
        if (await ReadClaimAsync(MallKeys.Unit(Key, unit)) is not null) return;
        await CommitAsync(State with { Free = [.. State.FreeUnits, unit] });
    }

    // Holds whose exchange never said how it ended (its silo died): the unit's claim tells whether it sold.
    private async Task<RewardState> SweepExpiredAsync(RewardState s, DateTimeOffset now)
    {
        var expired = s.HeldUnits.Where(h => h.Until <= now).ToList();
        if (expired.Count == 0) return s;
        var free = s.FreeUnits.ToList();
        foreach (var hold in expired)
        {
            if (await ReadClaimAsync(MallKeys.Unit(Key, hold.Unit)) is null && !free.Contains(hold.Unit)) free.Add(hold.Unit);
        }
        return s with { Free = free, Holds = [.. s.HeldUnits.Where(h => h.Until > now)] };
    }

    private RewardDefinition Current => State.Versions[^1];

    private void RequireReward()
    {
        if (!StateExists) throw new DomainException(ErrorCodes.RewardNotFound, $"Reward {Key} does not exist.");
    }

    private RewardView ToView(RewardState s)
    {
        var d = s.Versions[^1];
        // An expired hold counts as free: the next reservation sweeps it and reads whether its unit sold.
        var now = Clock.GetUtcNow();
        var expired = s.HeldUnits.Where(h => h.Until <= now).Select(h => h.Unit).ToList();
        var taken = (long)(s.NextUnit - 1) - s.FreeUnits.Count - expired.Count;
        long? left = d.TotalStock is { } stock
            ? Math.Max(0, stock - (s.NextUnit - 1)) + s.FreeUnits.Count(u => u <= stock) + expired.Count(u => u <= stock)
            : null;
        return new RewardView(Key, s.Versions.Count, d, s.Status, taken, left, s.CreatedAt, s.UpdatedAt);
    }
}
