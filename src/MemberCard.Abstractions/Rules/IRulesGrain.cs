using MemberCard.Abstractions.Access;

namespace MemberCard.Abstractions.Rules;

/// <summary>
/// The catalog of rule versions (one grain, key <see cref="Key"/>). Before anything is published it serves the
/// seed built from configuration; each publish stores the next version. Old versions stay readable.
/// </summary>
[Alias("mc.IRulesGrain")]
public interface IRulesGrain : IGrainWithStringKey
{
    /// <summary>The one key of the catalog.</summary>
    const string Key = "catalog";

    /// <summary>The version new transactions use.</summary>
    [ReadOnly]
    Task<RuleSet> GetCurrentAsync();

    /// <summary>A version, or null when it never existed.</summary>
    [ReadOnly]
    Task<RuleSet?> GetVersionAsync(int version);

    /// <summary>Validates and publishes <paramref name="command"/>'s rules as the next version.</summary>
    Task<RuleSet> PublishAsync(PublishRules command);

    /// <summary>The current version and the pilot, if one runs, as one answer.</summary>
    [ReadOnly]
    Task<RulesRelease> GetReleaseAsync();

    /// <summary>Validates and stores the next version as a pilot at the command's stores (docs/rules.md, "Gray release").</summary>
    Task<RulesRelease> StartPilotAsync(StartRulePilot command);

    /// <summary>Makes the running pilot's version current at every store.</summary>
    Task<RulesRelease> PromotePilotAsync(EndRulePilot command);

    /// <summary>Ends the running pilot; its stores go back to the current version.</summary>
    Task<RulesRelease> RollBackPilotAsync(EndRulePilot command);
}

/// <summary>Publish a rule set (its Version and PublishedAt are assigned by the catalog).</summary>
[GenerateSerializer, Immutable, Alias("mc.PublishRules")]
public sealed record PublishRules([property: Id(0)] RuleSet Rules, [property: Id(1)] AuditActor? Actor = null);
