using MemberCard.Abstractions.Access;

namespace MemberCard.Abstractions.Members;

/// <summary>A member, keyed by member id. Owns the member's profile and the list of their cards.</summary>
[Alias("mc.IMemberGrain")]
public interface IMemberGrain : IGrainWithStringKey
{
    /// <summary>Registers the member; <see cref="ErrorCodes.MemberExists"/> when the phone is taken, <see cref="ErrorCodes.IdNumberTaken"/> when the ID number is.</summary>
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

    /// <summary>Everything held about the member, phone and ID number in clear (an audited read); null when unknown.</summary>
    Task<MemberExport?> ExportAsync(AuditActor actor);

    /// <summary>Removes the member's personal data and frees the phone; cards and ledgers keep their amounts.</summary>
    Task<bool> EraseAsync(AuditActor actor);

    /// <summary>Re-encrypts personal data under the current key when another key protects it; true when it did.</summary>
    Task<bool> ReencryptAsync();

    /// <summary>
    /// Starts a phone change that a one-time code sent to the new phone confirms (a till's way to change a phone);
    /// a new request replaces an open one.
    /// </summary>
    Task<PhoneChangeRequested> RequestPhoneChangeAsync(RequestPhoneChange command);

    /// <summary>Confirms the open phone change with its code; the phone changes as with a manager's change.</summary>
    Task<MemberView> ConfirmPhoneChangeAsync(ConfirmPhoneChange command);
}

/// <summary>Ask for a phone change confirmed by a code sent to <paramref name="Phone"/> (already normalized).</summary>
[GenerateSerializer, Immutable, Alias("mc.RequestPhoneChange")]
public sealed record RequestPhoneChange([property: Id(0)] string Phone, [property: Id(1)] AuditActor? Actor = null);

/// <summary>Confirm the open phone change with the code the new phone received.</summary>
[GenerateSerializer, Immutable, Alias("mc.ConfirmPhoneChange")]
public sealed record ConfirmPhoneChange([property: Id(0)] string Code, [property: Id(1)] AuditActor? Actor = null);

/// <summary>An open phone change: the new phone masked, until when its code is accepted, and how many wrong codes it takes.</summary>
[GenerateSerializer, Immutable, Alias("mc.PhoneChangeRequested")]
public sealed record PhoneChangeRequested([property: Id(0)] string Phone, [property: Id(1)] DateTimeOffset ExpiresAt, [property: Id(2)] int TriesLeft);

/// <summary>Issue a card.</summary>
[GenerateSerializer, Immutable, Alias("mc.IssueCard")]
public sealed record IssueCard([property: Id(0)] AuditActor? Actor = null, [property: Id(1)] string? ProductId = null);

/// <summary>A member's data export: the profile in clear and the cards with their ledgers.</summary>
[GenerateSerializer, Immutable, Alias("mc.MemberExport")]
public sealed record MemberExport(
    [property: Id(0)] string MemberId, [property: Id(1)] string? Phone, [property: Id(2)] string? Name, [property: Id(3)] DateOnly? Birthday, [property: Id(4)] string? Email, [property: Id(5)] string Tier, [property: Id(6)] string? StoreId,
    [property: Id(7)] DateTimeOffset CreatedAt, [property: Id(8)] bool Erased, [property: Id(9)] IReadOnlyList<string> Cards,
    [property: Id(10)] string? IdNumber = null);

/// <summary>Register a member. Phone is already normalized (digits, optional leading +); an ID number validated and upper-cased.</summary>
[GenerateSerializer, Immutable, Alias("mc.RegisterMember")]
public sealed record RegisterMember([property: Id(0)] string Phone, [property: Id(1)] string? Name, [property: Id(2)] DateOnly? Birthday, [property: Id(3)] string? Email, [property: Id(4)] string? StoreId, [property: Id(5)] AuditActor? Actor = null,
    [property: Id(6)] string? IdNumber = null);

/// <summary>A member as callers see it; the phone and the ID number are masked.</summary>
[GenerateSerializer, Immutable, Alias("mc.MemberView")]
public sealed record MemberView(
    [property: Id(0)] string MemberId, [property: Id(1)] string Phone, [property: Id(2)] string? Name, [property: Id(3)] DateOnly? Birthday, [property: Id(4)] string? Email, [property: Id(5)] string Tier, [property: Id(6)] string? StoreId, [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] IReadOnlyList<string>? Tags = null, [property: Id(9)] long RollingSpend = 0, [property: Id(10)] long RollingPoints = 0, [property: Id(11)] DateTimeOffset? TierReviewAt = null,
    [property: Id(12)] string? IdNumberMask = null);

/// <summary>
/// Profile changes; null leaves a field as it is. Phone is already normalized; a new phone needs a
/// <paramref name="Reason"/> (a manager's change: staff who may change it without a code give one). So does a
/// different <paramref name="IdNumber"/> (validated, upper-cased) for a member who has one; a first one does not.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.UpdateProfile")]
public sealed record UpdateProfile([property: Id(0)] string? Phone, [property: Id(1)] string? Name, [property: Id(2)] DateOnly? Birthday, [property: Id(3)] string? Email, [property: Id(4)] AuditActor? Actor = null, [property: Id(5)] string? Reason = null,
    [property: Id(6)] string? IdNumber = null);

/// <summary>Run the yearly tier review (a reminder passes no actor; staff calls are audited).</summary>
[GenerateSerializer, Immutable, Alias("mc.ReviewTier")]
public sealed record ReviewTier([property: Id(0)] AuditActor? Actor = null);

/// <summary>Set the member's tags (already trimmed and de-duplicated).</summary>
[GenerateSerializer, Immutable, Alias("mc.SetTags")]
public sealed record SetTags([property: Id(0)] IReadOnlyList<string> Tags, [property: Id(1)] AuditActor? Actor = null);

/// <summary>A card's tier activity as of its state <paramref name="Version"/>: the months of its rolling window.</summary>
[GenerateSerializer, Immutable, Alias("mc.CardActivity")]
public sealed record CardActivity([property: Id(0)] string CardNo, [property: Id(1)] long Version, [property: Id(2)] IReadOnlyList<MonthActivity> Months);

/// <summary>One calendar month (UTC) of tier activity: spend in money and points earned (net of refunds).</summary>
[GenerateSerializer, Immutable, Alias("mc.MonthActivity")]
public sealed record MonthActivity([property: Id(0)] int Year, [property: Id(1)] int Month, [property: Id(2)] long Spend, [property: Id(3)] long Points);

/// <summary>The payload of <c>member.tier_changed</c> and an entry of the member's tier ledger.</summary>
[GenerateSerializer, Immutable, Alias("mc.TierChanged")]
public sealed record TierChanged([property: Id(0)] string MemberId, [property: Id(1)] string From, [property: Id(2)] string To, [property: Id(3)] string Reason, [property: Id(4)] long Measure, [property: Id(5)] int RulesVersion, [property: Id(6)] DateTimeOffset At);

/// <summary>Why a tier changed.</summary>
public static class TierChangeReasons
{
    public const string Upgrade = "upgrade";
    public const string YearlyReview = "yearly_review";
}

/// <summary>The number of a newly issued card.</summary>
[GenerateSerializer, Immutable, Alias("mc.CardIssued")]
public sealed record CardIssued([property: Id(0)] string CardNo);
