using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Grains.Members;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Errors;
using MemberCard.Server.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Campaigns;

/// <summary>/api/v1/campaigns: create, list (<see cref="CampaignQueryEndpoints"/>), lifecycle, target lists, progress and statistics (marketing and admin).</summary>
public static class CampaignEndpoints
{
    private const int MaxTargetLines = 100_000;
    private static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(731);

    public static void MapCampaignEndpoints(this RouteGroupBuilder api)
    {
        var campaigns = api.MapGroup("/campaigns").WithTags("Campaigns").RequireAuthorization(Caller.CampaignsPolicy);
        campaigns.MapPost("/", CreateCampaign).WithName(nameof(CreateCampaign)).WithSummary("Create a coupon campaign (draft)")
            .WithDescription("Creates a campaign in `draft`: what its coupons give, where and how long they are valid, who is "
                + "targeted (`segment`) and how fast coupons are issued. Every problem of the definition is answered at once.")
            .CanFail(ErrorCodes.CampaignExists, ErrorCodes.ValidationFailed);
        campaigns.MapCampaignQueries();
        campaigns.MapGet("/{campaignId}", GetCampaign).WithName(nameof(GetCampaign)).WithSummary("Get a campaign")
            .WithDescription("The campaign's definition and status.")
            .CanFail(ErrorCodes.CampaignNotFound);
        campaigns.MapPost("/{campaignId}/schedule", ScheduleCampaign).WithName(nameof(ScheduleCampaign))
            .WithSummary("Schedule issuance at a time (draft → scheduled)")
            .WithDescription("Issuance starts by itself at `at` (in the future).")
            .CanFail(ErrorCodes.CampaignNotFound, ErrorCodes.CampaignStateConflict, ErrorCodes.ValidationFailed);
        campaigns.MapPost("/{campaignId}/start", StartCampaign).WithName(nameof(StartCampaign))
            .WithSummary("Start issuing now (draft or scheduled → issuing)")
            .WithDescription("Starts issuing coupons to the targeted members now; the campaign becomes `active` when issuance ends.")
            .CanFail(ErrorCodes.CampaignNotFound, ErrorCodes.CampaignStateConflict);
        campaigns.MapPost("/{campaignId}/pause", PauseCampaign).WithName(nameof(PauseCampaign))
            .WithSummary("Pause issuance and redemption")
            .WithDescription("While paused, no coupon is issued and its coupons are refused at the till (409 `coupon_not_applicable`).")
            .CanFail(ErrorCodes.CampaignNotFound, ErrorCodes.CampaignStateConflict);
        campaigns.MapPost("/{campaignId}/resume", ResumeCampaign).WithName(nameof(ResumeCampaign))
            .WithSummary("Resume a paused campaign")
            .WithDescription("Returns the campaign to the state it was paused from.")
            .CanFail(ErrorCodes.CampaignNotFound, ErrorCodes.CampaignStateConflict);
        campaigns.MapPost("/{campaignId}/cancel", CancelCampaign).WithName(nameof(CancelCampaign))
            .WithSummary("Cancel a campaign; its coupons can no longer be redeemed")
            .WithDescription("Final: a cancelled campaign cannot be resumed.")
            .CanFail(ErrorCodes.CampaignNotFound, ErrorCodes.CampaignStateConflict);
        campaigns.MapPost("/{campaignId}/end", EndCampaign).WithName(nameof(EndCampaign))
            .WithSummary("End a campaign; its coupons expire")
            .WithDescription("Final: the campaign's unused coupons read as expired.")
            .CanFail(ErrorCodes.CampaignNotFound, ErrorCodes.CampaignStateConflict);
        campaigns.MapPost("/{campaignId}/targets", UploadTargets).WithName(nameof(UploadTargets))
            .WithSummary("Add members to the target list: text/csv, one member id or phone per line (draft only)")
            .WithDescription($"For a draft campaign whose segment uses an uploaded list. The first column of each line is a member "
                + $"id or a phone; a header line and blank lines are skipped; unknown members are counted as rejected. At most "
                + $"{MaxTargetLines} lines per upload.")
            .TakesRawBody("CSV: one member id or phone per line (first column).", "text/csv", "text/plain")
            .CanFail(ErrorCodes.CampaignNotFound, ErrorCodes.CampaignStateConflict, ErrorCodes.ValidationFailed);
        campaigns.MapGet("/{campaignId}/progress", GetCampaignProgress).WithName(nameof(GetCampaignProgress))
            .WithSummary("Issuance progress: targeted, issued, rate, ETA, state")
            .WithDescription("Members scanned and targeted, coupons issued, partitions done, the issue rate (coupons per second) and the ETA.")
            .CanFail(ErrorCodes.CampaignNotFound);
        campaigns.MapGet("/{campaignId}/stats", GetCampaignStats).WithName(nameof(GetCampaignStats))
            .WithSummary("Issued, redeemed, redemption rate, discount given, per store")
            .WithDescription("Statistics from committed redemptions (a refund that gives a coupon back takes it out again).")
            .CanFail(ErrorCodes.CampaignNotFound);
    }

    [Audited("campaign.create")]
    public static async Task<Created<CampaignResponse>> CreateCampaign(CreateCampaignRequest request, HttpContext context, IGrainFactory grains)
    {
        var campaignId = Guid.CreateVersion7().ToString("N");
        var view = await grains.GetGrain<ICampaignGrain>(campaignId).CreateAsync(new CreateCampaign(request.ToDefinition(), Caller.Actor(context)));
        return TypedResults.Created($"/api/v1/campaigns/{campaignId}", CampaignResponse.From(view));
    }

    public static async Task<Ok<CampaignResponse>> GetCampaign(string campaignId, IGrainFactory grains) =>
        TypedResults.Ok(CampaignResponse.From(await FindAsync(grains, campaignId)));

    [Audited("campaign.schedule")]
    public static async Task<Ok<CampaignResponse>> ScheduleCampaign(
        string campaignId, ScheduleCampaignRequest request, HttpContext context, IGrainFactory grains, TimeProvider clock)
    {
        // Checked here, before the grain commits the schedule: a far-future time overflows the reminder's due time.
        if (request.At is { } at && at > clock.GetUtcNow() + MaxScheduleAhead)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["at"] = ["at may be at most 2 years ahead."] });
        return TypedResults.Ok(CampaignResponse.From(await GrainOf(grains, campaignId)
            .ChangeAsync(new ChangeCampaign(CampaignActions.Schedule, request.At, Caller.Actor(context)))));
    }

    [Audited("campaign.start")]
    public static Task<Ok<CampaignResponse>> StartCampaign(string campaignId, HttpContext context, IGrainFactory grains) =>
        ChangeAsync(grains, campaignId, CampaignActions.Start, context);

    [Audited("campaign.pause")]
    public static Task<Ok<CampaignResponse>> PauseCampaign(string campaignId, HttpContext context, IGrainFactory grains) =>
        ChangeAsync(grains, campaignId, CampaignActions.Pause, context);

    [Audited("campaign.resume")]
    public static Task<Ok<CampaignResponse>> ResumeCampaign(string campaignId, HttpContext context, IGrainFactory grains) =>
        ChangeAsync(grains, campaignId, CampaignActions.Resume, context);

    [Audited("campaign.cancel")]
    public static Task<Ok<CampaignResponse>> CancelCampaign(string campaignId, HttpContext context, IGrainFactory grains) =>
        ChangeAsync(grains, campaignId, CampaignActions.Cancel, context);

    [Audited("campaign.end")]
    public static Task<Ok<CampaignResponse>> EndCampaign(string campaignId, HttpContext context, IGrainFactory grains) =>
        ChangeAsync(grains, campaignId, CampaignActions.End, context);

    /// <summary>
    /// Reads a CSV of member ids or phones (first column; a header line and blank lines are skipped). Phones are
    /// turned into member ids through the phone index and never stored. Unknown ids and phones are counted as rejected.
    /// </summary>
    [Audited("campaign.targets")]
    public static async Task<Ok<CampaignTargetsResponse>> UploadTargets(string campaignId, HttpContext context, IGrainFactory grains, PhoneIndex phones)
    {
        var campaign = GrainOf(grains, campaignId);
        await FindAsync(grains, campaignId);
        var ids = new List<string>();
        long rejected = 0, lines = 0;
        using var reader = new StreamReader(context.Request.Body);
        while (await reader.ReadLineAsync(context.RequestAborted) is { } line)
        {
            if (++lines > MaxTargetLines)
                throw DomainException.Invalid("body", $"Send at most {MaxTargetLines} lines per upload; upload a long list in parts.");
            var field = FirstField(line);
            if (field.Length == 0 || (lines == 1 && field.Any(char.IsAsciiLetterUpper))) continue;
            if (Identifiers.IsMemberId(field)) ids.Add(field);
            else if (Identifiers.NormalizePhone(field) is { } phone && await phones.FindMemberIdAsync(phone, context.RequestAborted) is { } memberId) ids.Add(memberId);
            else if (lines > 1 || Identifiers.NormalizePhone(field) is not null) rejected++;
        }
        var size = await campaign.AddTargetsAsync(new AddCampaignTargets(ids, Caller.Actor(context)));
        return TypedResults.Ok(new CampaignTargetsResponse(ids.Count, rejected, size));
    }

    public static async Task<Ok<CampaignProgressResponse>> GetCampaignProgress(string campaignId, IGrainFactory grains) =>
        TypedResults.Ok(CampaignProgressResponse.From(await GrainOf(grains, campaignId).GetProgressAsync()));

    public static async Task<Ok<CampaignStatsResponse>> GetCampaignStats(string campaignId, IGrainFactory grains, CouponBook coupons)
    {
        var progress = await GrainOf(grains, campaignId).GetProgressAsync();
        return TypedResults.Ok(CampaignStatsResponse.From(await coupons.StatsAsync(campaignId, progress.Issued)));
    }

    private static async Task<Ok<CampaignResponse>> ChangeAsync(IGrainFactory grains, string campaignId, string action, HttpContext context) =>
        TypedResults.Ok(CampaignResponse.From(await GrainOf(grains, campaignId).ChangeAsync(new ChangeCampaign(action, null, Caller.Actor(context)))));

    private static string FirstField(string line)
    {
        var comma = line.IndexOfAny([',', ';', '\t']);
        return (comma < 0 ? line : line[..comma]).Trim().Trim('"').Trim();
    }

    private static async Task<CampaignView> FindAsync(IGrainFactory grains, string campaignId) =>
        await GrainOf(grains, campaignId).GetAsync() ?? throw NotFound(campaignId);

    // Only the shape is checked here, so garbage never activates a grain.
    private static ICampaignGrain GrainOf(IGrainFactory grains, string campaignId) =>
        Identifiers.IsMemberId(campaignId) ? grains.GetGrain<ICampaignGrain>(campaignId) : throw NotFound(campaignId);

    private static DomainException NotFound(string campaignId) => new(ErrorCodes.CampaignNotFound, $"Campaign {campaignId} does not exist.");
}
