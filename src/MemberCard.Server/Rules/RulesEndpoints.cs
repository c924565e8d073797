using MemberCard.Abstractions;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Shared;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Rules;

/// <summary>
/// /api/v1/rules (admin): the versioned rule set. A publish never edits a version; it adds the next one, which
/// new transactions use from then on. The rule set record is the API shape (see docs/rules.md).
/// </summary>
public static class RulesEndpoints
{
    public static void MapRulesEndpoints(this RouteGroupBuilder api)
    {
        var rules = api.MapGroup("/rules").WithTags("Rules").RequireAuthorization(Caller.AdminPolicy);
        rules.MapGet("/", GetCurrentRules).WithName(nameof(GetCurrentRules)).WithSummary("The current rule set (admin)")
            .WithDescription("The rule set new transactions use (docs/rules.md).");
        rules.MapGet("/{version}", GetRulesVersion).WithName(nameof(GetRulesVersion)).WithSummary("One version of the rule set (admin)")
            .WithDescription("A published version; every ledger entry names the version that produced it (`rulesVersion`).")
            .CanFail(ErrorCodes.RulesVersionNotFound, ErrorCodes.ValidationFailed);
        rules.MapPost("/", PublishRules).WithName(nameof(PublishRules))
            .WithSummary("Publish a new rule set version; new transactions use it at once (admin, audited)")
            .WithDescription("Adds the next version (the `version` sent is ignored); versions are never edited. Every problem of "
                + "the rule set is answered at once.")
            .CanFail(ErrorCodes.ValidationFailed, ErrorCodes.RulesPilotRunning);
        rules.MapRulePilotEndpoints();
    }

    public static async Task<Ok<RuleSet>> GetCurrentRules(IGrainFactory grains) =>
        TypedResults.Ok(await Catalog(grains).GetCurrentAsync());

    public static async Task<Ok<RuleSet>> GetRulesVersion(int version, IGrainFactory grains) =>
        TypedResults.Ok(await Catalog(grains).GetVersionAsync(version)
            ?? throw new DomainException(ErrorCodes.RulesVersionNotFound, $"Rules version {version} does not exist."));

    [Audited("rules.publish")]
    public static async Task<Created<RuleSet>> PublishRules(RuleSet request, HttpContext context, IGrainFactory grains, CurrentRules currentRules)
    {
        var published = await Catalog(grains).PublishAsync(new PublishRules(request, Caller.Actor(context)));
        // This silo uses it for the next request even when the catalog lives on another silo.
        currentRules.Released(new RulesRelease(published, null));
        return TypedResults.Created($"/api/v1/rules/{published.Version}", published);
    }

    private static IRulesGrain Catalog(IGrainFactory grains) => grains.GetGrain<IRulesGrain>(IRulesGrain.Key);
}
