namespace MemberCard.Client;

/// <summary>Sign a member up for an activity at a till: the store where it happens (a terminal's own).</summary>
public sealed record ActivitySignUpRequest(string MemberId, string StoreId);

/// <summary>Cancel a member's sign-up at a till.</summary>
public sealed record ActivityCancelSignUpBody(string StoreId);

/// <summary>
/// Check a member in at the store: exactly one of <see cref="CardNo"/> (a card number or a member code), <see cref="Phone"/>
/// and <see cref="MemberCode"/>.
/// </summary>
public sealed record ActivityCheckInRequest(string StoreId, string? CardNo = null, string? Phone = null, string? MemberCode = null);

/// <summary>A member's registration: <see cref="Status"/> is signed_up, waitlisted (with <see cref="Position"/>, 1 = next), cancelled or attended.</summary>
public sealed record ActivityRegistration(
    string ActivityId, string MemberId, string Status, int? Position, DateTimeOffset SignedUpAt, DateTimeOffset? CheckedInAt, string? CardNo,
    string? StoreId);

/// <summary>A check-in: the points and the card they go to; <see cref="PointsAwarded"/> false: they follow within seconds, still once.</summary>
public sealed record ActivityCheckIn(
    string ActivityId, string MemberId, string CardNo, string StoreId, DateTimeOffset CheckedInAt, long Points, bool PointsAwarded);
