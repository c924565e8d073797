using MemberCard.Abstractions;
using MemberCard.Abstractions.Activities;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Activities;

/// <summary>/api/v1/me/activities: the signed-in member signs up and cancels; the member id comes from the token only.</summary>
public static class MyActivityEndpoints
{
    public static void MapMyActivityEndpoints(this RouteGroupBuilder api)
    {
        var mine = api.MapGroup("/me/activities").WithTags("Member self-service").RequireAuthorization(Caller.MemberPolicy);
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
