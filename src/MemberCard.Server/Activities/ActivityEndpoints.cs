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

/// <summary>
/// /api/v1/activities (docs/activities.md): marketing and admin create, cancel and report; till staff sign members up and
/// check them in at their store (<see cref="ActivityTillEndpoints"/>).
/// </summary>
public static class ActivityEndpoints
{
    public static void MapActivityEndpoints(this RouteGroupBuilder api)
    {
        var activities = api.MapGroup("/activities").WithTags("Activities");
        activities.MapPost("/", CreateActivity).RequireAuthorization(Caller.CampaignsPolicy).WithName(nameof(CreateActivity))
            .WithSummary("Create a member activity (marketing, admin)")
            .WithDescription("Places (`capacity`), a waiting list (`waitlistCapacity`, 0: none), the sign-up window, who may come (`tiers`, "
                + "`tags`: empty admits everyone, else one of the tags) and the points for attending. Every problem is answered at once.")
            .CanFail(ErrorCodes.ValidationFailed);
        activities.MapGet("/", ListActivities).RequireAuthorization(Caller.StaffPolicy).WithName(nameof(ListActivities))
            .WithSummary("The activities, newest first").WithDescription("Page with `limit` and `cursor`.")
            .CanFail(ErrorCodes.ValidationFailed);
        activities.MapGet("/{activityId}", GetActivity).RequireAuthorization(Caller.StaffPolicy).WithName(nameof(GetActivity))
            .WithSummary("An activity: definition, status, places taken and left").CanFail(ErrorCodes.ActivityNotFound);
        activities.MapPost("/{activityId}/cancel", CancelActivity).RequireAuthorization(Caller.CampaignsPolicy).WithName(nameof(CancelActivity))
            .WithSummary("Cancel an activity: no more sign-ups or check-ins (marketing, admin)")
            .WithDescription("Points already earned stay. Cancelling a cancelled activity changes nothing.")
            .CanFail(ErrorCodes.ActivityNotFound);
        activities.MapGet("/{activityId}/report", GetActivityReport).RequireAuthorization(Caller.CampaignsPolicy).WithName(nameof(GetActivityReport))
            .WithSummary("Sign-ups, attendance and no-shows of an activity (marketing, admin)")
            .WithDescription("No-shows are the members signed up and not checked in once the activity has ended; before the end they count "
                + "as `awaitingCheckIn`. `registrations` lists every member in the order they joined.")
            .CanFail(ErrorCodes.ActivityNotFound);
        activities.MapActivityTillEndpoints();
    }

    [Audited("activity.create")]
    public static async Task<Created<ActivityResponse>> CreateActivity(CreateActivityRequest request, HttpContext context, IGrainFactory grains, CurrentStores stores)
    {
        var definition = request.ToDefinition();
        foreach (var storeId in definition.StoreIds.Distinct().Take(50))
            if (storeId is null || !Identifiers.IsStoreId(storeId) || await stores.GetAsync(storeId) is null)
                throw DomainException.Invalid("storeIds", $"Store {storeId} does not exist.");
        var activityId = Guid.CreateVersion7().ToString("N");
        var view = await grains.GrainOf<IActivityGrain>(activityId).CreateAsync(new CreateActivity(definition, Caller.Actor(context)));
        return TypedResults.Created($"/api/v1/activities/{activityId}", ActivityResponse.From(view));
    }

    public static async Task<Ok<ListResponse<ActivityResponse>>> ListActivities(int? limit, string? cursor, IGrainFactory grains, IGrainStorage storage,
        CancellationToken cancellationToken)
    {
        var size = Cursors.Limit(limit);
        var page = await storage.ReadLogAsync(ActivityKeys.ActivitiesLog, new LogQuery(size + 1, Cursors.DecodeId('a', cursor)), cancellationToken);
        var items = new List<ActivityResponse>(size);
        foreach (var entry in page.Take(size))
            if (await grains.GrainOf<IActivityGrain>(entry.Grain.Key).GetAsync() is { } view) items.Add(ActivityResponse.From(view));
        var next = page.Count > size ? Cursors.EncodeId('a', page[size - 1].Id) : null;
        return TypedResults.Ok(new ListResponse<ActivityResponse>(items, next));
    }

    public static async Task<Ok<ActivityResponse>> GetActivity(string activityId, IGrainFactory grains) =>
        TypedResults.Ok(ActivityResponse.From(await FindAsync(grains, activityId)));

    [Audited("activity.cancel")]
    public static async Task<Ok<ActivityResponse>> CancelActivity(string activityId, HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(ActivityResponse.From(await GrainOf(grains, activityId).CancelAsync(new CancelActivity(Caller.Actor(context)))));

    public static async Task<Ok<ActivityReportResponse>> GetActivityReport(string activityId, IGrainFactory grains) =>
        TypedResults.Ok(ActivityReportResponse.From(await GrainOf(grains, activityId).GetReportAsync()));

    /// <summary>The activity's grain; an id that cannot be one (ids are 32 lower-case hex digits) is 404 without a call.</summary>
    internal static IActivityGrain GrainOf(IGrainFactory grains, string activityId) =>
        Identifiers.IsMemberId(activityId) ? grains.GrainOf<IActivityGrain>(activityId) : throw NotFound(activityId);

    internal static async Task<ActivityView> FindAsync(IGrainFactory grains, string activityId) =>
        await GrainOf(grains, activityId).GetAsync() ?? throw NotFound(activityId);

    private static DomainException NotFound(string activityId) => new(ErrorCodes.ActivityNotFound, $"Activity {activityId} does not exist.");
}
