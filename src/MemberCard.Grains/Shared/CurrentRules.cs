using MemberCard.Abstractions.Rules;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Shared;

/// <summary>
/// The rules release (current version and pilot) as this silo's grains and endpoints read it: a
/// <see cref="ReadMostly{TKey,TValue}"/> copy of the rules catalog grain's answer. A step (publish, pilot, promote,
/// roll back) on this silo is used at once; on others within <see cref="ReadMostlyOptions.Fresh"/> plus one read
/// (docs/architecture.md, "Read-mostly state"; docs/rules.md, "Gray release"). Refreshed by age, never by events, so a
/// silo that missed an event is right after its next read.
/// </summary>
public sealed class CurrentRules(IGrainFactory grains, IOptions<ReadMostlyOptions> options)
{
    // Real time, whatever clock the business runs on: freshness is about this process, not about dates.
    private readonly ReadMostly<string, RulesRelease> _copy = new(TimeProvider.System, options.Value);

    /// <summary>The version new transactions use where no pilot runs (and transactions that name no store).</summary>
    public async ValueTask<RuleSet> GetAsync() => (await GetReleaseAsync()).Current;

    /// <summary>The version transactions at <paramref name="storeId"/> use: the pilot's at a pilot store, else the current one.</summary>
    public async ValueTask<RuleSet> GetForStoreAsync(string? storeId) => (await GetReleaseAsync()).ForStore(storeId);

    /// <summary>The current version and the pilot, as one answer of the catalog.</summary>
    public async ValueTask<RulesRelease> GetReleaseAsync() =>
        (await _copy.GetAsync(IRulesGrain.Key, async key => await grains.GetGrain<IRulesGrain>(key).GetReleaseAsync()))!;

    /// <summary>A release a step on this silo just committed.</summary>
    public void Released(RulesRelease release) => _copy.Set(IRulesGrain.Key, release);
}
