namespace MemberCard.Client;

/// <summary>Register a member (<c>POST /api/v1/members</c>).</summary>
/// <param name="Phone">6–20 digits, may start with '+'; unique.</param>
/// <param name="Name">Up to 100 characters.</param>
/// <param name="Birthday">A past date written <c>yyyy-MM-dd</c>.</param>
/// <param name="Email">An address, up to 254 characters.</param>
/// <param name="StoreId">The registering store.</param>
/// <param name="IdNumber">A resident ID number (18 characters, GB 11643-1999 check character); unique.</param>
public sealed record RegisterMemberRequest(
    string Phone, string? Name = null, string? Birthday = null, string? Email = null, string? StoreId = null, string? IdNumber = null);

/// <summary>
/// Change a member's profile (<c>PATCH /api/v1/members/{memberId}</c>); null fields stay as they are. A new phone here
/// is a manager's change (admin or store manager credential) and needs <paramref name="Reason"/>; a till changes a
/// phone with <see cref="MembersClient.RequestPhoneChangeAsync"/> and the code the new phone receives. Any till gives a
/// member a first <paramref name="IdNumber"/>; replacing one also needs a manager's credential and a reason.
/// </summary>
public sealed record UpdateMemberRequest(string? Phone = null, string? Name = null, string? Birthday = null, string? Email = null, string? Reason = null,
    string? IdNumber = null);

/// <summary>An open phone change: the new phone masked, until when its code holds, and how many wrong codes it takes.</summary>
public sealed record PhoneChange(string Phone, DateTimeOffset ExpiresAt, int TriesLeft);

/// <summary>A member. The phone is masked (<c>138****5678</c>), and so is the ID number (<c>110***********123X</c>; null without one).</summary>
public sealed record Member(
    string MemberId, string Phone, string? Name, string? Birthday, string? Email, string Tier, string? StoreId, DateTimeOffset CreatedAt,
    IReadOnlyList<string>? Tags = null, long RollingSpend = 0, long RollingPoints = 0, DateTimeOffset? TierReviewAt = null, string? IdNumberMask = null);

/// <summary>A change of a member's tier.</summary>
public sealed record TierChange(string From, string To, string Reason, long Measure, int RulesVersion, DateTimeOffset At);

internal sealed record LookupMemberBody(string? Phone, string? IdNumber = null);

internal sealed record PhoneCodeBody(string Code);

internal sealed record IssueCardBody(string? ProductId);

internal sealed record MemberTagsBody(IReadOnlyList<string> Tags);
