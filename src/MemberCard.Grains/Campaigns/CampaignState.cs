using MemberCard.Abstractions.Campaigns;

namespace MemberCard.Grains.Campaigns;

/// <summary>
/// Durable state of a campaign. <see cref="Bounds"/> are the partition boundaries cut at the start of issuance
/// (partition i takes member keys after Bounds[i-1] up to Bounds[i]), kept so a restart scans the same slices.
/// </summary>
public sealed record CampaignState(
    CampaignDefinition? Definition, string Status, string? PausedFrom, DateTimeOffset? IssueAt, long TargetListSize,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? IssuingStartedAt, DateTimeOffset? IssuingFinishedAt,
    IReadOnlyList<string?>? Bounds);

/// <summary>Entry of the campaign directory log.</summary>
public sealed record CampaignListed(string CampaignId);

/// <summary>A chunk of an uploaded target list (an entry of the campaign's target log).</summary>
public sealed record CampaignTargetChunk(IReadOnlyList<string> MemberIds);

/// <summary>Outbox event of a lifecycle change.</summary>
public sealed record CampaignStatusChanged(string CampaignId, string Status, DateTimeOffset At);
