using MemberCard.Abstractions.Access;

namespace MemberCard.Abstractions.Rules;

/// <summary>A rule-set version that runs only at <see cref="Stores"/> until it is promoted or rolled back (docs/rules.md).</summary>
[GenerateSerializer, Immutable, Alias("mc.RulePilot")]
public sealed record RulePilot(
    [property: Id(0)] RuleSet Rules, [property: Id(1)] IReadOnlyList<string> Stores, [property: Id(2)] DateTimeOffset StartedAt);

/// <summary>
/// What runs where: the current version everywhere, except the pilot's stores. One answer of the catalog, so a silo
/// that keeps it never combines parts of two releases.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.RulesRelease")]
public sealed record RulesRelease([property: Id(0)] RuleSet Current, [property: Id(1)] RulePilot? Pilot)
{
    /// <summary>The version transactions at <paramref name="storeId"/> use.</summary>
    public RuleSet ForStore(string? storeId) =>
        Pilot is { } pilot && storeId is not null && pilot.Stores.Contains(storeId, StringComparer.Ordinal) ? pilot.Rules : Current;
}

/// <summary>Start a pilot of <paramref name="Rules"/> (numbered by the catalog) at <paramref name="Stores"/>.</summary>
[GenerateSerializer, Immutable, Alias("mc.StartRulePilot")]
public sealed record StartRulePilot(
    [property: Id(0)] RuleSet Rules, [property: Id(1)] IReadOnlyList<string> Stores, [property: Id(2)] AuditActor? Actor = null);

/// <summary>Promote or roll back the pilot of <paramref name="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("mc.EndRulePilot")]
public sealed record EndRulePilot([property: Id(0)] int Version, [property: Id(1)] AuditActor? Actor = null);
