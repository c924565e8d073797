using MemberCard.Abstractions.Access;

namespace MemberCard.Abstractions.Campaigns;

/// <summary>
/// A coupon campaign, keyed by campaign id: its definition, lifecycle and the issuance partitions it drives.
/// Redemption never writes here (tills would queue on one grain); it only reads the campaign.
/// </summary>
[Alias("mc.ICampaignGrain")]
public interface ICampaignGrain : IGrainWithStringKey, IRemindable
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
[GenerateSerializer, Immutable, Alias("mc.CreateCampaign")]
public sealed record CreateCampaign([property: Id(0)] CampaignDefinition Definition, [property: Id(1)] AuditActor? Actor = null);

/// <summary>A lifecycle action; <see cref="At"/> is the start time of <c>schedule</c>.</summary>
[GenerateSerializer, Immutable, Alias("mc.ChangeCampaign")]
public sealed record ChangeCampaign([property: Id(0)] string Action, [property: Id(1)] DateTimeOffset? At = null, [property: Id(2)] AuditActor? Actor = null);

/// <summary>Add member ids to the target list (a chunk of an uploaded CSV).</summary>
[GenerateSerializer, Immutable, Alias("mc.AddCampaignTargets")]
public sealed record AddCampaignTargets([property: Id(0)] IReadOnlyList<string> MemberIds, [property: Id(1)] AuditActor? Actor = null);

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
[GenerateSerializer, Immutable, Alias("mc.CampaignView")]
public sealed record CampaignView(
    [property: Id(0)] string CampaignId, [property: Id(1)] CampaignDefinition Definition, [property: Id(2)] string Status, [property: Id(3)] DateTimeOffset? IssueAt, [property: Id(4)] long TargetListSize,
    [property: Id(5)] DateTimeOffset CreatedAt, [property: Id(6)] DateTimeOffset UpdatedAt);

/// <summary>Issuance progress. <see cref="Rate"/> in coupons per second since issuance began; ETA null when unknown.</summary>
[GenerateSerializer, Immutable, Alias("mc.CampaignProgress")]
public sealed record CampaignProgress(
    [property: Id(0)] string CampaignId, [property: Id(1)] string Status, [property: Id(2)] long Scanned, [property: Id(3)] long Targeted, [property: Id(4)] long Issued, [property: Id(5)] int PartitionsDone, [property: Id(6)] int Partitions,
    [property: Id(7)] double Rate, [property: Id(8)] double? EtaSeconds, [property: Id(9)] DateTimeOffset? StartedAt, [property: Id(10)] DateTimeOffset? FinishedAt);
