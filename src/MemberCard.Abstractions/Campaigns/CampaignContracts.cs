using MemberCard.Abstractions.Access;
using MemberCard.Runtime;
using MemberCard.Runtime.Reminders;

namespace MemberCard.Abstractions.Campaigns;

/// <summary>
/// A coupon campaign, keyed by campaign id: its definition, lifecycle and the issuance partitions it drives.
/// Redemption never writes here (tills would queue on one grain); it only reads the campaign.
/// </summary>
public interface ICampaignGrain : IRemindable
{
    /// <summary>Creates the campaign in draft.</summary>
    Task<CampaignView> CreateAsync(CreateCampaign command);

    /// <summary>The campaign, or null.</summary>
    [ReadOnly]
    Task<CampaignView?> GetAsync();

    /// <summary>Applies a lifecycle action (see <see cref="CampaignActions"/>).</summary>
    Task<CampaignView> ChangeAsync(ChangeCampaign command);

    /// <summary>Adds members to the uploaded target list (draft only); returns the list's size.</summary>
    Task<long> AddTargetsAsync(AddCampaignTargets command);

    /// <summary>Issuance progress, summed over the partitions; also moves a due schedule forward and restarts idle
    /// partitions, so polling it keeps issuance going.</summary>
    Task<CampaignProgress> GetProgressAsync();

    /// <summary>
    /// Restarts issuance partitions that should be running (after a crash or restart); moves due schedules. The
    /// campaign's durable reminder makes this call.
    /// </summary>
    Task KeepAliveAsync();
}

/// <summary>Create a campaign.</summary>
public sealed record CreateCampaign(CampaignDefinition Definition, AuditActor? Actor = null);

/// <summary>A lifecycle action; <see cref="At"/> is the start time of <c>schedule</c>.</summary>
public sealed record ChangeCampaign(string Action, DateTimeOffset? At = null, AuditActor? Actor = null);

/// <summary>Add member ids to the target list (a chunk of an uploaded CSV).</summary>
public sealed record AddCampaignTargets(IReadOnlyList<string> MemberIds, AuditActor? Actor = null);

/// <summary>Lifecycle actions.</summary>
public static class CampaignActions
{
    public const string Schedule = "schedule";
    public const string Start = "start";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Cancel = "cancel";
    public const string End = "end";
}

/// <summary>A campaign as callers see it.</summary>
public sealed record CampaignView(
    string CampaignId, CampaignDefinition Definition, string Status, DateTimeOffset? IssueAt, long TargetListSize,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Issuance progress. <see cref="Rate"/> in coupons per second since issuance began; ETA null when unknown.</summary>
public sealed record CampaignProgress(
    string CampaignId, string Status, long Scanned, long Targeted, long Issued, int PartitionsDone, int Partitions,
    double Rate, double? EtaSeconds, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);
