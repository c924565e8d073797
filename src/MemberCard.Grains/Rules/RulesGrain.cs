using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Audit;
using MemberCard.Grains.Shared;
using Microsoft.Extensions.Options;

using MemberCard.Storage.State;

namespace MemberCard.Grains.Rules;

/// <summary>Durable state of the rules catalog: every published version, oldest first.</summary>
public sealed record RulesState(IReadOnlyList<RuleSet> Versions);

/// <summary>
/// The rules catalog. The rules belong to the cluster: its first activation on an empty database stores the
/// configuration seed (<see cref="LoyaltyRules"/>) of the silo it runs on as the first version, and every later
/// activation, on any silo, serves what is stored. Versions are never edited. Each publish emits <c>rules.published</c>.
/// </summary>
[GrainType("rules")]
public sealed class RulesGrain(IOptions<LoyaltyRules> seed, CurrentRules currentRules, [AtomicState] IAtomicState<RulesState> state) : StateGrain<RulesState>(state), IRulesGrain
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
        var now = Clock.GetUtcNow();
        var draft = command.Rules with
        {
            Version = Current.Version + 1,
            PublishedAt = now,
            Promotions = command.Rules.Promotions ?? [],
            Tiers = command.Rules.Tiers ?? [],
            Products = [.. (command.Rules.Products ?? []).Select(p => p with { TopUpBonus = p.TopUpBonus ?? [] })],
        };
        RuleSetValidator.Validate(draft);
        await CommitAsync(new RulesState([.. History, draft]), w => w
            .Publish("rules.published", draft)
            .Audit(command.Actor, $"rules/{draft.Version}", now));
        currentRules.Published(draft);
        return draft;
    }

    private RuleSet Current => History[^1];

    private IReadOnlyList<RuleSet> History => State.Versions.Count > 0 ? State.Versions : [seed.Value.ToRuleSet()];
}
