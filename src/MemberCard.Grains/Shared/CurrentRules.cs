using MemberCard.Abstractions.Rules;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Shared;

/// <summary>
/// The current rule set as this silo's grains and endpoints read it: a <see cref="ReadMostly{TKey,TValue}"/> copy of
/// the rules catalog grain's answer. A publish on this silo is used at once; on others within
/// <see cref="ReadMostlyOptions.Fresh"/> plus one read (docs/architecture.md, "Read-mostly state").
/// </summary>
public sealed class CurrentRules(IGrainFactory grains, IOptions<ReadMostlyOptions> options)
{
    // Real time, whatever clock the business runs on: freshness is about this process, not about dates.
    private readonly ReadMostly<string, RuleSet> _copy = new(TimeProvider.System, options.Value);

    /// <summary>The version new transactions use.</summary>
    public async ValueTask<RuleSet> GetAsync() =>
        (await _copy.GetAsync(IRulesGrain.Key, async key => await grains.GetGrain<IRulesGrain>(key).GetCurrentAsync()))!;

    /// <summary>A version published on this silo.</summary>
    public void Published(RuleSet rules) => _copy.Set(IRulesGrain.Key, rules);
}
