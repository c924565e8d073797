using MemberCard.Abstractions.Campaigns;

namespace MemberCard.Grains.Campaigns.Coupons;

/// <summary>
/// Durable state of an issuance partition. <see cref="Checkpoint"/> (the last member key scanned) or
/// <see cref="LogCheckpoint"/> (the last target-list chunk read) commits in the same write as the coupons issued up
/// to it, so a restart resumes exactly after the last committed batch: nothing is issued twice or skipped.
/// </summary>
public sealed record CouponIssuerState(
    IssuancePlan? Plan, bool Running, bool Finished, string? Checkpoint, long? LogCheckpoint, long Scanned, long Targeted, long Issued,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);
