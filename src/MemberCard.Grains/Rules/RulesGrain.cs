using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Audit;
using MemberCard.Grains.Shared;
using Microsoft.Extensions.Options;

using MemberCard.Storage.State;

namespace MemberCard.Grains.Rules;

/// <summary>
/// Durable state of the rules catalog: every published version, oldest first; the current one's number (null: the
/// last, as states written before pilots existed); the pilot running, if any.
/// </summary>
public sealed record RulesState(IReadOnlyList<RuleSet> Versions, int? CurrentVersion = null, StoredPilot? Pilot = null);

/// <summary>A running pilot as the catalog stores it: its version is one of the stored versions.</summary>
public sealed record StoredPilot(int Version, IReadOnlyList<string> Stores, DateTimeOffset StartedAt);

/// <summary>
/// The rules catalog. The rules belong to the cluster: its first activation on an empty database stores the
/// configuration seed (<see cref="LoyaltyRules"/>) of the silo it runs on as the first version, and every later
/// activation, on any silo, serves what is stored. Versions are never edited. Each publish emits <c>rules.published</c>;
/// a version may first run at pilot stores (<c>RulesGrain.Pilot.cs</c>).
/// </summary>
[GrainType("rules")]
public sealed partial class RulesGrain(IOptions<LoyaltyRules> seed, CurrentRules currentRules, [AtomicState] IAtomicState<RulesState> state) : StateGrain<RulesState>(state), IRulesGrain
{
    protected override RulesState CreateInitialState() => new([]);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Two silos storing their seeds at once: one compare-and-swap wins, the other activation fails and its call
        // is retried on a fresh activation that reads the stored seed.
        if (!StateExists) await CommitAsync(new RulesState([seed.Value.ToRuleSet()]));
    }

    public Task<RuleSet> GetCurrentAsync() => Task.FromResult(Current);

    public Task<RuleSet?> GetVersionAsync(int version) =>
        Task.FromResult(History.FirstOrDefault(v => v.Version == version));

    public async Task<RuleSet> PublishAsync(PublishRules command)
    {
        RequireNoPilot();
        var draft = Draft(command.Rules);
        await CommitAsync(State with { Versions = [.. History, draft], CurrentVersion = draft.Version }, w => w
            .Publish("rules.published", draft)
            .Audit(command.Actor, $"rules/{draft.Version}", draft.PublishedAt!.Value));
        currentRules.Released(Release);
        return draft;
    }

    // The next version, numbered after every stored one (a rolled-back pilot's number is never reused), validated.
    private RuleSet Draft(RuleSet rules)
    {
        var draft = rules with
        {
            Version = History[^1].Version + 1,
            PublishedAt = Clock.GetUtcNow(),
            Promotions = rules.Promotions ?? [],
            Tiers = rules.Tiers ?? [],
            Products = [.. (rules.Products ?? []).Select(p => p with { TopUpBonus = p.TopUpBonus ?? [] })],
        };
        RuleSetValidator.Validate(draft);
        return draft;
    }

    private RuleSet Current => Release.Current;

    private IReadOnlyList<RuleSet> History => State.Versions.Count > 0 ? State.Versions : [seed.Value.ToRuleSet()];
}
