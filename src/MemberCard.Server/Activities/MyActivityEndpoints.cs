using MemberCard.Abstractions;
using MemberCard.Abstractions.Activities;
using MemberCard.Grains.Activities;
using MemberCard.Grains.Shared;
using MemberCard.Runtime.Storage;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Cards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Activities;

/// <summary>/api/v1/me/activities: the signed-in member signs up and cancels; the member id comes from the token only.</summary>
public static class MyActivityEndpoints
{
    public static void MapMyActivityEndpoints(this RouteGroupBuilder api)
    {
        var mine = api.MapGroup("/me/activities").WithTags("Member self-service").RequireAuthorization(Caller.MemberPolicy);
        mine.MapGet("/", ListMyActivities).WithName(nameof(ListMyActivities))
            .WithSummary("Activities that have not ended, newest first, each with my registration")
            .WithDescription("Open and not yet ended activities (cancelled and past ones are left out), with my registration or null. Page with "
                + "`limit` and `cursor`: a page reads at most `limit` activities, so it may hold fewer items while `nextCursor` is not null.")
            .CanFail(ErrorCodes.ValidationFailed);
        mine.MapGet("/{activityId}", GetMyActivity).WithName(nameof(GetMyActivity)).WithSummary("An activity and my registration")
            .CanFail(ErrorCodes.ActivityNotFound);
        mine.MapPost("/{activityId}/sign-up", SignMeUp).WithName(nameof(SignMeUp))
            .WithSummary("Sign me up for an activity (or put me on its waiting list)")
            .WithDescription("`status` is `signed_up` while places are free, else `waitlisted` with my `position` (1 = next); signing up again "
                + "answers my registration.")
            .CanFail(ErrorCodes.ActivityNotFound, ErrorCodes.ActivityFull, ErrorCodes.ActivityNotEligible, ErrorCodes.SignUpClosed,
                ErrorCodes.ActivityCancelled, ErrorCodes.MemberNotFound);
        mine.MapPost("/{activityId}/cancel", CancelMySignUp).WithName(nameof(CancelMySignUp))
            .WithSummary("Cancel my sign-up (until the activity starts); the first member waiting takes my place")
            .CanFail(ErrorCodes.ActivityNotFound, ErrorCodes.NotSignedUp, ErrorCodes.AlreadyCheckedIn, ErrorCodes.SignUpClosed);
    }

    public static async Task<Ok<ListResponse<MyActivityResponse>>> ListMyActivities(
        int? limit, string? cursor, HttpContext context, IGrainFactory grains, IGrainStorage storage, TimeProvider clock, CancellationToken cancellationToken)
    {
        var memberId = Caller.MemberId(context.User);
        var size = Cursors.Limit(limit);
        var page = await storage.ReadLogAsync(ActivityKeys.ActivitiesLog, new LogQuery(size + 1, Cursors.DecodeId('m', cursor)), cancellationToken);
        var now = clock.GetUtcNow();
        var items = new List<MyActivityResponse>();
        foreach (var entry in page.Take(size))
        {
            var activity = grains.GrainOf<IActivityGrain>(entry.Grain.Key);
            if (await activity.GetAsync() is not { Status: ActivityStatuses.Open } view || view.Definition.EndsAt <= now) continue;
            var registration = await activity.GetRegistrationAsync(memberId);
            items.Add(new MyActivityResponse(ActivityResponse.From(view), registration is null ? null : RegistrationResponse.From(registration)));
        }
        return TypedResults.Ok(new ListResponse<MyActivityResponse>(items, page.Count > size ? Cursors.EncodeId('m', page[size - 1].Id) : null));
    }

    public static async Task<Ok<MyActivityResponse>> GetMyActivity(string activityId, HttpContext context, IGrainFactory grains)
    {
        var view = await ActivityEndpoints.FindAsync(grains, activityId);
        var registration = await ActivityEndpoints.GrainOf(grains, activityId).GetRegistrationAsync(Caller.MemberId(context.User));
        return TypedResults.Ok(new MyActivityResponse(ActivityResponse.From(view), registration is null ? null : RegistrationResponse.From(registration)));
    }

    public static async Task<Ok<RegistrationResponse>> SignMeUp(string activityId, HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(RegistrationResponse.From(
            await ActivityEndpoints.GrainOf(grains, activityId).SignUpAsync(new SignUpForActivity(Caller.MemberId(context.User)))));

    public static async Task<Ok<RegistrationResponse>> CancelMySignUp(string activityId, HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(RegistrationResponse.From(
            await ActivityEndpoints.GrainOf(grains, activityId).CancelSignUpAsync(new CancelActivitySignUp(Caller.MemberId(context.User)))));
}
