using System.ComponentModel.DataAnnotations;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Rules;
using MemberCard.Grains.Shared;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Rules;

/// <summary>Start a pilot: a whole rule set and the stores that use it first.</summary>
public sealed record RulePilotRequest(
    [property: Required, MinLength(1), MaxLength(RulesGrain.MaxPilotStores)] IReadOnlyList<string>? Stores,
    [property: Required] RuleSet? Rules);

/// <summary>
/// Gray release (admin, audited; docs/rules.md): a version runs at pilot stores first, then is promoted to every
/// store or rolled back. The catalog grain decides and audits each step; this silo's copy takes the result at once.
/// </summary>
public static class RulePilotEndpoints
{
    /// <summary>Maps the release routes on the rules group.</summary>
    public static void MapRulePilotEndpoints(this RouteGroupBuilder rules)
    {
        rules.MapGet("/release", GetRulesRelease).WithName(nameof(GetRulesRelease))
            .WithSummary("The current rule set and the pilot running, if any (admin)")
            .WithDescription("`current` is the version every store uses except the pilot's `stores`, which use `pilot.rules` (docs/rules.md, \"Gray release\").");
        rules.MapPost("/pilot", StartRulesPilot).WithName(nameof(StartRulesPilot))
            .WithSummary("Publish the next rule set version to pilot stores only (admin, audited)")
            .WithDescription("Adds the next version (the `version` sent is ignored) and runs it at `stores` only; every other store keeps "
                + "the current version until it is promoted. One pilot at a time; a publish waits for it to end.")
            .CanFail(ErrorCodes.ValidationFailed, ErrorCodes.StoreNotFound, ErrorCodes.RulesPilotRunning);
        rules.MapPost("/{version}/promote", PromoteRulesPilot).WithName(nameof(PromoteRulesPilot))
            .WithSummary("Make the pilot version current at every store (admin, audited)")
            .WithDescription("Ends the pilot of `version`: from now on every store uses it. Refused when `version` is not the running pilot.")
            .CanFail(ErrorCodes.RulesPilotNotRunning, ErrorCodes.ValidationFailed);
        rules.MapPost("/{version}/rollback", RollBackRulesPilot).WithName(nameof(RollBackRulesPilot))
            .WithSummary("End the pilot; its stores go back to the current version (admin, audited)")
            .WithDescription("Ends the pilot of `version` without promoting it; the version stays readable and is never reused. "
                + "Refused when `version` is not the running pilot.")
            .CanFail(ErrorCodes.RulesPilotNotRunning, ErrorCodes.ValidationFailed);
    }

    public static async Task<Ok<RulesRelease>> GetRulesRelease(IGrainFactory grains) =>
        TypedResults.Ok(await Catalog(grains).GetReleaseAsync());

    [Audited("rules.pilot")]
    public static async Task<Created<RulesRelease>> StartRulesPilot(RulePilotRequest request, HttpContext context, IGrainFactory grains, CurrentRules currentRules)
    {
        var check = new RequestRules();
        var stores = request.Stores ?? [];
        if (stores.Count is 0 or > RulesGrain.MaxPilotStores) check.Fail("stores", $"stores names 1 to {RulesGrain.MaxPilotStores} stores.");
        for (var i = 0; i < stores.Count; i++) check.StoreId($"stores[{i}]", stores[i]);
        if (request.Rules is null) check.Fail("rules", "rules is required: the whole rule set of the pilot.");
        check.ThrowIfAny();
        var release = await Catalog(grains).StartPilotAsync(new StartRulePilot(request.Rules!, [.. stores], Caller.Actor(context)));
        currentRules.Released(release);
        return TypedResults.Created($"/api/v1/rules/{release.Pilot!.Rules.Version}", release);
    }

    [Audited("rules.promote")]
    public static async Task<Ok<RulesRelease>> PromoteRulesPilot(int version, HttpContext context, IGrainFactory grains, CurrentRules currentRules)
    {
        var release = await Catalog(grains).PromotePilotAsync(new EndRulePilot(version, Caller.Actor(context)));
        currentRules.Released(release);
        return TypedResults.Ok(release);
    }

    [Audited("rules.rollback")]
    public static async Task<Ok<RulesRelease>> RollBackRulesPilot(int version, HttpContext context, IGrainFactory grains, CurrentRules currentRules)
    {
        var release = await Catalog(grains).RollBackPilotAsync(new EndRulePilot(version, Caller.Actor(context)));
        currentRules.Released(release);
        return TypedResults.Ok(release);
    }

    private static IRulesGrain Catalog(IGrainFactory grains) => grains.GetGrain<IRulesGrain>(IRulesGrain.Key);
}
