namespace MemberCard.Grains.Members;

/// <summary>
/// Durable state of a member. The phone is kept only as AES-GCM ciphertext (<see cref="PhoneCipher"/>), its
/// mask for display and the claim key of its blind index (to release it on erasure); never in clear.
/// </summary>
public sealed record MemberState(
    string? PhoneCipher, string PhoneMask, string? PhoneClaim, string? Name, DateOnly? Birthday, string? Email, string Tier,
    string? StoreId, DateTimeOffset CreatedAt, IReadOnlyList<string> Cards, bool Erased = false);
