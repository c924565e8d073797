using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Grains.Members;
using MemberCard.Runtime;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Campaigns;

/// <summary>/api/v1/campaigns: create, lifecycle, target lists, progress and statistics (marketing and admin).</summary>
public static class CampaignEndpoints
{
    private const int MaxTargetLines = 100_000;

    public static void MapCampaignEndpoints(this RouteGroupBuilder api)
    {
        var campaigns = api.MapGroup("/campaigns").WithTags("Campaigns").RequireAuthorization(Caller.CampaignsPolicy);
        campaigns.MapPost("/", CreateCampaign).WithName(nameof(CreateCampaign)).WithSummary("Create a coupon campaign (draft)")
            .ProducesProblem(400);
        campaigns.MapGet("/{campaignId}", GetCampaign).WithName(nameof(GetCampaign)).WithSummary("Get a campaign").ProducesProblem(404);
        campaigns.MapPost("/{campaignId}/schedule", ScheduleCampaign).WithName(nameof(ScheduleCampaign))
            .WithSummary("Schedule issuance at a time (draft → scheduled)").ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        campaigns.MapPost("/{campaignId}/start", StartCampaign).WithName(nameof(StartCampaign))
            .WithSummary("Start issuing now (draft or scheduled → issuing)").ProducesProblem(404).ProducesProblem(409);
        campaigns.MapPost("/{campaignId}/pause", PauseCampaign).WithName(nameof(PauseCampaign))
            .WithSummary("Pause issuance and redemption").ProducesProblem(404).ProducesProblem(409);
        campaigns.MapPost("/{campaignId}/resume", ResumeCampaign).WithName(nameof(ResumeCampaign))
            .WithSummary("Resume a paused campaign").ProducesProblem(404).ProducesProblem(409);
        campaigns.MapPost("/{campaignId}/cancel", CancelCampaign).WithName(nameof(CancelCampaign))
            .WithSummary("Cancel a campaign; its coupons can no longer be redeemed").ProducesProblem(404).ProducesProblem(409);
        campaigns.MapPost("/{campaignId}/end", EndCampaign).WithName(nameof(EndCampaign))
            .WithSummary("End a campaign; its coupons expire").ProducesProblem(404).ProducesProblem(409);
        campaigns.MapPost("/{campaignId}/targets", UploadTargets).WithName(nameof(UploadTargets))
            .WithSummary("Add members to the target list: text/csv, one member id or phone per line (draft only)")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        campaigns.MapGet("/{campaignId}/progress", GetCampaignProgress).WithName(nameof(GetCampaignProgress))
            .WithSummary("Issuance progress: targeted, issued, rate, ETA, state").ProducesProblem(404);
        campaigns.MapGet("/{campaignId}/stats", GetCampaignStats).WithName(nameof(GetCampaignStats))
            .WithSummary("Issued, redeemed, redemption rate, discount given, per store").ProducesProblem(404);
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
    public static async Task<Ok<CampaignResponse>> ScheduleCampaign(string campaignId, ScheduleCampaignRequest request, HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(CampaignResponse.From(await GrainOf(grains, campaignId)
            .ChangeAsync(new ChangeCampaign(CampaignActions.Schedule, request.At, Caller.Actor(context)))));

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
