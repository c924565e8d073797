using MemberCard.Grains.Tiers;

namespace MemberCard.Grains.Members;

/// <summary>
/// Durable state of a member. The phone is kept only as AES-GCM ciphertext (<see cref="PhoneCipher"/>), its
/// mask for display and the claim key of its blind index (to release it on erasure or a phone change); never
/// in clear. <see cref="Activity"/> holds the rolling 12 months of tier activity, <see cref="Counted"/> the
/// last transaction ids counted (so a repeated report counts once), <see cref="TierSince"/> when the tier was
/// last set or reviewed (the yearly review is due 12 months later).
/// </summary>
public sealed record MemberState(
    string? PhoneCipher, string PhoneMask, string? PhoneClaim, string? Name, DateOnly? Birthday, string? Email, string Tier,
    string? StoreId, DateTimeOffset CreatedAt, IReadOnlyList<string> Cards, bool Erased = false,
    IReadOnlyList<string>? Tags = null, IReadOnlyList<MonthActivity>? Activity = null, IReadOnlyList<string>? Counted = null,
    DateTimeOffset? TierSince = null);
