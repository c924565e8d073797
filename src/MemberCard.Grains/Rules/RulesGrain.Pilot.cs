using MemberCard.Abstractions;
using MemberCard.Abstractions.Rules;
using MemberCard.Abstractions.Stores;
using MemberCard.Grains.Audit;

namespace MemberCard.Grains.Rules;

/// <summary>
/// Gray release (docs/rules.md): a version runs at pilot stores first, then is promoted to all stores or rolled back.
/// Every check runs before the one commit of a step, so a refused step writes nothing.
/// </summary>
public sealed partial class RulesGrain
{
    /// <summary>Most stores one pilot may name.</summary>
    public const int MaxPilotStores = 100;

    public Task<RulesRelease> GetReleaseAsync() => Task.FromResult(Release);

    public async Task<RulesRelease> StartPilotAsync(StartRulePilot command)
    {
        RequireNoPilot();
        var stores = command.Stores ?? [];
        if (stores.Count is 0 or > MaxPilotStores)
            throw DomainException.Invalid("stores", $"A pilot names 1 to {MaxPilotStores} stores.");
        if (stores.Distinct(StringComparer.Ordinal).Count() != stores.Count)
            throw DomainException.Invalid("stores", "A pilot names each store once.");
        var draft = Draft(command.Rules);
        foreach (var storeId in stores)
        {
            if (string.IsNullOrEmpty(storeId) || await GrainFactory.GetGrain<IStoreGrain>(storeId).GetAsync() is null)
                throw new DomainException(ErrorCodes.StoreNotFound, $"Store {storeId} does not exist.");
        }
        var pilot = new StoredPilot(draft.Version, [.. stores], draft.PublishedAt!.Value);
        var next = State with { Versions = [.. History, draft], CurrentVersion = Current.Version, Pilot = pilot };
        await CommitAsync(next, w => w
            .Publish("rules.pilot_started", ReleaseOf(next))
            .Audit(command.Actor, $"rules/{draft.Version}", pilot.StartedAt));
        currentRules.Released(Release);
        return Release;
    }

    public async Task<RulesRelease> PromotePilotAsync(EndRulePilot command)
    {
        RequirePilot(command.Version, "promote");
        var next = State with { CurrentVersion = command.Version, Pilot = null };
        await CommitAsync(next, w => w
            .Publish("rules.promoted", ReleaseOf(next))
            .Audit(command.Actor, $"rules/{command.Version}", Clock.GetUtcNow()));
        currentRules.Released(Release);
        return Release;
    }

    public async Task<RulesRelease> RollBackPilotAsync(EndRulePilot command)
    {
        RequirePilot(command.Version, "roll back");
        var next = State with { CurrentVersion = Current.Version, Pilot = null };
        await CommitAsync(next, w => w
            .Publish("rules.rolled_back", new RulesRolledBack(command.Version, ReleaseOf(next)))
            .Audit(command.Actor, $"rules/{command.Version}", Clock.GetUtcNow()));
        currentRules.Released(Release);
        return Release;
    }

    private RulesRelease Release => ReleaseOf(State);

    private RulesRelease ReleaseOf(RulesState state)
    {
        var versions = state.Versions.Count > 0 ? state.Versions : History;
        var current = state.CurrentVersion is { } number ? versions.First(v => v.Version == number) : versions[^1];
        var pilot = state.Pilot is { } p ? new RulePilot(versions.First(v => v.Version == p.Version), p.Stores, p.StartedAt) : null;
        return new RulesRelease(current, pilot);
    }

    private void RequireNoPilot()
    {
        if (State.Pilot is { } running)
            throw new DomainException(ErrorCodes.RulesPilotRunning,
                $"Version {running.Version} is in pilot at {running.Stores.Count} store(s); promote or roll it back first.");
    }

    private void RequirePilot(int version, string step)
    {
        if (State.Pilot?.Version == version) return;
        throw new DomainException(ErrorCodes.RulesPilotNotRunning, State.Pilot is { } other
            ? $"Version {version} is not in pilot (version {other.Version} is); nothing to {step}."
            : $"No pilot is running; nothing to {step}.");
    }
}

/// <summary>Payload of <c>rules.rolled_back</c>: the version rolled back and the release after it.</summary>
public sealed record RulesRolledBack(int RolledBack, RulesRelease Release);
