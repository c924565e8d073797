using MemberCard.Abstractions;
using MemberCard.Abstractions.Mall;
using MemberCard.Grains.Mall;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Cards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Mall;

/// <summary>/api/v1/mall/rewards: the points-mall catalogue, managed by marketing and admin (docs/mall.md).</summary>
public static class MallRewardEndpoints
{
    internal const string Tag = "Points mall";

    public static void MapMallRewardEndpoints(this RouteGroupBuilder api)
    {
        var rewards = api.MapGroup("/mall/rewards").WithTags(Tag).RequireAuthorization(Caller.CampaignsPolicy);
        rewards.MapPost("/", CreateReward).WithName(nameof(CreateReward)).WithSummary("Add a reward to the points mall")
            .WithDescription("A coupon of a campaign (`campaignId`), a gift with stock (`gift`, `totalStock`) or stored-value bonus "
                + "(`bonusAmount`), for `pointsPrice` points, optionally only in a window, at some stores, for some tiers, a number of "
                + "times per member. Created active, at version 1. Every problem of the definition is answered at once.")
            .CanFail(ErrorCodes.ValidationFailed);
        rewards.MapGet("/", ListRewards).WithName(nameof(ListRewards)).WithSummary("The catalogue, newest first")
            .WithDescription("Every reward with its current version, status and stock; `status` keeps one status.")
            .CanFail(ErrorCodes.ValidationFailed);
        rewards.MapGet("/{rewardId}", GetReward).WithName(nameof(GetReward)).WithSummary("Get a reward")
            .WithDescription("The reward's current version, status, units taken and left.")
            .CanFail(ErrorCodes.RewardNotFound);
        rewards.MapPut("/{rewardId}", ReviseReward).WithName(nameof(ReviseReward)).WithSummary("Edit a reward: stores a new version")
            .WithDescription("The whole definition, as for creating it. Exchanges from now on pay the new version; past ones keep naming theirs.")
            .CanFail(ErrorCodes.RewardNotFound, ErrorCodes.RewardRetired, ErrorCodes.ValidationFailed);
        rewards.MapPost("/{rewardId}/pause", PauseReward).WithName(nameof(PauseReward)).WithSummary("Pause a reward")
            .WithDescription("While paused, exchanges are refused with 409 `reward_paused`.")
            .CanFail(ErrorCodes.RewardNotFound, ErrorCodes.RewardRetired);
        rewards.MapPost("/{rewardId}/resume", ResumeReward).WithName(nameof(ResumeReward)).WithSummary("Resume a paused reward")
            .WithDescription("The reward can be exchanged again.")
            .CanFail(ErrorCodes.RewardNotFound, ErrorCodes.RewardRetired);
        rewards.MapPost("/{rewardId}/retire", RetireReward).WithName(nameof(RetireReward)).WithSummary("Retire a reward (final)")
            .WithDescription("A retired reward is refused with 409 `reward_retired` and cannot be edited or resumed; its orders are still fulfilled.")
            .CanFail(ErrorCodes.RewardNotFound, ErrorCodes.RewardRetired);
    }

    [Audited("mall.reward_create")]
    public static async Task<Created<RewardResponse>> CreateReward(RewardRequest request, HttpContext context, IGrainFactory grains)
    {
        var rewardId = Guid.CreateVersion7().ToString("N");
        var view = await grains.GetGrain<IMallRewardGrain>(rewardId).CreateAsync(new CreateReward(request.ToDefinition(), Caller.Actor(context)));
        return TypedResults.Created($"/api/v1/mall/rewards/{rewardId}", RewardResponse.From(view));
    }

    public static async Task<Ok<ListResponse<RewardResponse>>> ListRewards(
        [System.ComponentModel.DataAnnotations.AllowedValues(RewardStatuses.Active, RewardStatuses.Paused, RewardStatuses.Retired)] string? status,
        MallCatalogue catalogue)
    {
        if (status is not null and not (RewardStatuses.Active or RewardStatuses.Paused or RewardStatuses.Retired))
            throw DomainException.Invalid("status", "status is active, paused or retired.");
        var rewards = await catalogue.ListRewardsAsync(status);
        return TypedResults.Ok(new ListResponse<RewardResponse>([.. rewards.Select(RewardResponse.From)], null));
    }

    public static async Task<Ok<RewardResponse>> GetReward(string rewardId, IGrainFactory grains) =>
        TypedResults.Ok(RewardResponse.From(await FindAsync(grains, rewardId)));

    [Audited("mall.reward_revise")]
    public static async Task<Ok<RewardResponse>> ReviseReward(string rewardId, RewardRequest request, HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(RewardResponse.From(await GrainOf(grains, rewardId).ReviseAsync(new ReviseReward(request.ToDefinition(), Caller.Actor(context)))));

    [Audited("mall.reward_pause")]
    public static Task<Ok<RewardResponse>> PauseReward(string rewardId, HttpContext context, IGrainFactory grains) =>
        ChangeAsync(rewardId, RewardActions.Pause, context, grains);

    [Audited("mall.reward_resume")]
    public static Task<Ok<RewardResponse>> ResumeReward(string rewardId, HttpContext context, IGrainFactory grains) =>
        ChangeAsync(rewardId, RewardActions.Resume, context, grains);

    [Audited("mall.reward_retire")]
    public static Task<Ok<RewardResponse>> RetireReward(string rewardId, HttpContext context, IGrainFactory grains) =>
        ChangeAsync(rewardId, RewardActions.Retire, context, grains);

    private static async Task<Ok<RewardResponse>> ChangeAsync(string rewardId, string action, HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(RewardResponse.From(await GrainOf(grains, rewardId).ChangeStatusAsync(new ChangeReward(action, Caller.Actor(context)))));

    /// <summary>The reward, or 404 <c>reward_not_found</c>.</summary>
    internal static async Task<RewardView> FindAsync(IGrainFactory grains, string rewardId) =>
        await GrainOf(grains, rewardId).GetAsync() ?? throw NotFound(rewardId);

    // Only the shape is checked here, so garbage never activates a grain.
    private static IMallRewardGrain GrainOf(IGrainFactory grains, string rewardId) =>
        Identifiers.IsMemberId(rewardId) ? grains.GetGrain<IMallRewardGrain>(rewardId) : throw NotFound(rewardId);

    /// <summary>Whether an id has the shape of a reward id (32 lowercase hex digits).</summary>
    internal static bool IsRewardId(string rewardId) => Identifiers.IsMemberId(rewardId);

    private static DomainException NotFound(string rewardId) => new(ErrorCodes.RewardNotFound, $"Reward {rewardId} does not exist.");
}
