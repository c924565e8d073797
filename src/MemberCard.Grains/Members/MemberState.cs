using MemberCard.Abstractions.Members;

namespace MemberCard.Grains.Members;

/// <summary>
/// Durable state of a member. The phone is kept only as AES-GCM ciphertext (<see cref="PhoneCipher"/>), its
/// mask for display and the claim key of its blind index (to release it on erasure or a phone change); never
/// in clear. <see cref="TierSince"/> is when the tier was last set or reviewed (the yearly review is due 12 months
/// later). Tier activity lives on the cards; <see cref="Activity"/> is what a member counted itself before that
/// (states written by older versions: still summed, never added to).
/// </summary>
public sealed record MemberState(
    string? PhoneCipher, string PhoneMask, string? PhoneClaim, string? Name, DateOnly? Birthday, string? Email, string Tier,
    string? StoreId, DateTimeOffset CreatedAt, IReadOnlyList<string> Cards, bool Erased = false,
    IReadOnlyList<string>? Tags = null, IReadOnlyList<MonthActivity>? Activity = null,
    DateTimeOffset? TierSince = null);
