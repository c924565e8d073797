using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MemberCard.Abstractions.Members;
using MemberCard.Server.Cards;

namespace MemberCard.Server.Me;

/// <summary>The signed-in member's profile, masked as staff see it: phone <c>138****5678</c>, e-mail <c>l***@example.com</c>, ID number <c>110***********123X</c>.</summary>
public sealed record MyProfileResponse(
    string MemberId, string Phone, string? Name, string? Birthday, string? Email, [property: Description(TierText.Description)] string Tier,
    DateTime CreatedAt, IReadOnlyList<string> Cards, string? IdNumberMask)
{
    public static MyProfileResponse From(MemberView v, IReadOnlyList<string> cards) => new(v.MemberId, v.Phone, v.Name,
        v.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), MaskEmail(v.Email), v.Tier, v.CreatedAt.UtcDateTime, cards, v.IdNumberMask);

    /// <summary>The first letter of the local part, then the domain.</summary>
    public static string? MaskEmail(string? email) =>
        email is null || email.IndexOf('@') is var at && at < 1 ? email : string.Concat(email.AsSpan(0, 1), "***", email.AsSpan(at));
}

/// <summary>Points of the member's cards that expire within <c>days</c>, soonest first, and their sum.</summary>
public sealed record ExpiringPointsResponse(int Days, long Total, IReadOnlyList<ExpiringPointsItem> Items);

/// <summary>One lot of one card that expires soon.</summary>
public sealed record ExpiringPointsItem(string CardNo, long Points, DateTime ExpiresAt);

/// <summary>
/// The member's tier: the rolling 12-month measure (spend in minor units or points, as the rule set says), the next tier
/// up and how much more of the measure reaches it (both null at the top), and when the yearly review is due.
/// </summary>
public sealed record MyTierResponse(
    [property: Description(TierText.Description)] string Tier, [property: AllowedValues("spend", "points")] string Measure, long Current,
    string? NextTier, long? NextThreshold, long? Needed, DateTime? ReviewAt);

/// <summary>A member code to show as a barcode or QR code: valid at a till until <c>validUntil</c>; a new one comes at <c>nextCodeAt</c>.</summary>
public sealed record MemberCodeResponse(string Code, string CardNo, DateTime ValidUntil, DateTime NextCodeAt);
