using MemberCard.Abstractions.Access;
using MemberCard.Runtime;

namespace MemberCard.Abstractions.Members;

/// <summary>A member, keyed by member id. Owns the member's profile and the list of their cards.</summary>
public interface IMemberGrain : IGrainWithStringKey
{
    /// <summary>Registers the member; <see cref="ErrorCodes.MemberExists"/> when the phone is taken.</summary>
    Task<MemberView> RegisterAsync(RegisterMember command);

    /// <summary>The member, or null.</summary>
    [ReadOnly]
    Task<MemberView?> GetAsync();

    /// <summary>Issues a new card with a fresh card number.</summary>
    Task<CardIssued> IssueCardAsync(IssueCard command);

    /// <summary>Changes name, birthday, email and/or phone (null fields stay); a new phone moves the phone's unique claim.</summary>
    Task<MemberView> UpdateProfileAsync(UpdateProfile command);

    /// <summary>Replaces the member's tags.</summary>
    Task<MemberView> SetTagsAsync(SetTags command);

    /// <summary>The member's card numbers, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> ListCardsAsync();

    /// <summary>Adds a card the member already owns (a replacement card); idempotent.</summary>
    Task AttachCardAsync(string cardNo);

    /// <summary>
    /// A card's rolling tier activity after one of its commits (absolute, so repeating a report changes nothing;
    /// older versions than the one known are ignored). The member's measure is the sum over its cards; it upgrades
    /// the tier at once when a threshold is crossed. Returns the member's tier afterwards ("" when the member is gone).
    /// </summary>
    Task<string> ReportCardActivityAsync(CardActivity report);

    /// <summary>The yearly tier review (downgrade policy); does nothing before it is due. Idempotent; a reminder calls it.</summary>
    Task<MemberView> ReviewTierAsync(ReviewTier command);

    /// <summary>The member's tier changes, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<TierChanged>> ListTierChangesAsync(int limit);

    /// <summary>Everything held about the member, phone in clear (an audited read); null when unknown.</summary>
    Task<MemberExport?> ExportAsync(AuditActor actor);

    /// <summary>Removes the member's personal data and frees the phone; cards and ledgers keep their amounts.</summary>
    Task<bool> EraseAsync(AuditActor actor);

    /// <summary>Re-encrypts personal data under the current key when another key protects it; true when it did.</summary>
    Task<bool> ReencryptAsync();
}

/// <summary>Issue a card.</summary>
public sealed record IssueCard(AuditActor? Actor = null, string? ProductId = null);

/// <summary>A member's data export: the profile in clear and the cards with their ledgers.</summary>
public sealed record MemberExport(
    string MemberId, string? Phone, string? Name, DateOnly? Birthday, string? Email, string Tier, string? StoreId,
    DateTimeOffset CreatedAt, bool Erased, IReadOnlyList<string> Cards);

/// <summary>Register a member. Phone is already normalized (digits, optional leading +).</summary>
public sealed record RegisterMember(string Phone, string? Name, DateOnly? Birthday, string? Email, string? StoreId, AuditActor? Actor = null);

/// <summary>A member as callers see it; the phone is masked.</summary>
public sealed record MemberView(
    string MemberId, string Phone, string? Name, DateOnly? Birthday, string? Email, string Tier, string? StoreId, DateTimeOffset CreatedAt,
    IReadOnlyList<string>? Tags = null, long RollingSpend = 0, long RollingPoints = 0, DateTimeOffset? TierReviewAt = null);

/// <summary>Profile changes; null leaves a field as it is. Phone is already normalized.</summary>
public sealed record UpdateProfile(string? Phone, string? Name, DateOnly? Birthday, string? Email, AuditActor? Actor = null);

/// <summary>Run the yearly tier review (a reminder passes no actor; staff calls are audited).</summary>
public sealed record ReviewTier(AuditActor? Actor = null);

/// <summary>Set the member's tags (already trimmed and de-duplicated).</summary>
public sealed record SetTags(IReadOnlyList<string> Tags, AuditActor? Actor = null);

/// <summary>A card's tier activity as of its state <paramref name="Version"/>: the months of its rolling window.</summary>
public sealed record CardActivity(string CardNo, long Version, IReadOnlyList<MonthActivity> Months);

/// <summary>One calendar month (UTC) of tier activity: spend in money and points earned (net of refunds).</summary>
public sealed record MonthActivity(int Year, int Month, long Spend, long Points);

/// <summary>The payload of <c>member.tier_changed</c> and an entry of the member's tier ledger.</summary>
public sealed record TierChanged(string MemberId, string From, string To, string Reason, long Measure, int RulesVersion, DateTimeOffset At);

/// <summary>Why a tier changed.</summary>
public static class TierChangeReasons
{
    public const string Upgrade = "upgrade";
    public const string YearlyReview = "yearly_review";
}

/// <summary>The number of a newly issued card.</summary>
public sealed record CardIssued(string CardNo);
