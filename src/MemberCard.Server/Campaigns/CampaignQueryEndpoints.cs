using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Grains.Campaigns;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Runtime.Storage;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Cards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Campaigns;

/// <summary>How many members a segment matches now.</summary>
public sealed record SegmentCountResponse(long Matched, long Scanned);

/// <summary>Campaign reads that span campaigns or members: the campaign list and the segment count (marketing and admin).</summary>
public static class CampaignQueryEndpoints
{
    // A filtered page stops after this many campaigns read, so a rare status cannot make one request read every campaign;
    // the cursor then continues where the scan stopped.
    internal const int MaxScannedPerPage = 1000;

    private static readonly string[] Statuses = [CampaignStatuses.Draft, CampaignStatuses.Scheduled, CampaignStatuses.Issuing,
        CampaignStatuses.Active, CampaignStatuses.Paused, CampaignStatuses.Ended, CampaignStatuses.Cancelled];

    /// <summary>Maps the list and the segment count on the campaigns group.</summary>
    public static void MapCampaignQueries(this RouteGroupBuilder campaigns)
    {
        campaigns.MapGet("/", ListCampaigns).WithName(nameof(ListCampaigns)).WithSummary("The campaigns, newest first (?status=)")
            .WithDescription($"Every campaign created, newest first, with its current status; `status` keeps one status "
                + $"({string.Join(", ", Statuses)}). Page with `limit` and `cursor`. A filtered page stops after reading "
                + $"{MaxScannedPerPage} campaigns, so it may hold fewer than `limit` items while `nextCursor` is not null.")
            .CanFail(ErrorCodes.ValidationFailed);
        campaigns.MapPost("/segment-count", CountSegment).WithName(nameof(CountSegment))
            .WithSummary("How many members a segment matches now (changes nothing)")
            .WithDescription("Reads every member and counts those the segment (tiers, tags, stores, birthday month, inactive days) "
                + "matches, with the rule issuance uses: the number a campaign started now would target. `scanned` is the number of "
                + "members read. A segment on an uploaded list is refused (its size is the campaign's `targetListSize`).")
            .CanFail(ErrorCodes.ValidationFailed);
    }

    internal static async Task<Ok<ListResponse<CampaignResponse>>> ListCampaigns(
        int? limit, string? cursor, string? status, IGrainFactory grains, IGrainStorage storage, CancellationToken cancellationToken)
    {
        if (status is not null && !Statuses.Contains(status))
            throw DomainException.Invalid("status", $"status is one of {string.Join(", ", Statuses)}.");
        var size = Cursors.Limit(limit);
        var position = Cursors.DecodeId('k', cursor);
        var items = new List<CampaignResponse>(size);
        var scanned = 0;
        while (items.Count < size && scanned < MaxScannedPerPage)
        {
            var want = Math.Min(100, MaxScannedPerPage - scanned);
            var page = await storage.ReadLogAsync(CouponKeys.CampaignsLog, new LogQuery(want, position), cancellationToken);
            foreach (var entry in page)
            {
                scanned++;
                position = entry.Id;
                // The log says a campaign exists; its grain says what it is now.
                var view = await grains.GetGrain<ICampaignGrain>(entry.Grain.Key).GetAsync();
                if (view is not null && (status is null || view.Status == status)) items.Add(CampaignResponse.From(view));
                if (items.Count == size) break;
            }
            if (items.Count < size && page.Count < want)
            {
                position = null;
                break;
            }
        }
        return TypedResults.Ok(new ListResponse<CampaignResponse>(items, position is { } p ? Cursors.EncodeId('k', p) : null));
    }

    internal static async Task<Ok<SegmentCountResponse>> CountSegment(
        SegmentRequest request, IGrainStateScanner scanner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var segment = request.ToDefinition();
        if (segment.UploadedList) throw DomainException.Invalid("uploadedList", "An uploaded list is counted when it is uploaded (targetListSize).");
        if (segment.BirthdayMonth is < 1 or > 12) throw DomainException.Invalid("birthdayMonth", "birthdayMonth is between 1 and 12.");
        if (segment.InactiveDays is < 1) throw DomainException.Invalid("inactiveDays", "inactiveDays must be at least 1.");
        var count = await SegmentCounter.CountAsync(scanner, segment, clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new SegmentCountResponse(count.Matched, count.Scanned));
    }
}
