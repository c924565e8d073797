using System.Text.Json.Serialization;
using MemberCard.Abstractions.Members;

namespace MemberCard.Grains.Members;

/// <summary>
/// Durable state of a member. The personal fields are only in <see cref="Personal"/>, sealed under the member's
/// data key, which is stored wrapped in the claim <see cref="DataKey"/> (<see cref="PersonalSealing"/>); beside them
/// stay the phone's blind-index claim key (to release it on erasure or a phone change) and the birth month and day
/// (birthday segments and gifts). <see cref="TierSince"/> is when the tier was last set or reviewed (the yearly
/// review is due 12 months later). Tier activity lives on the cards; <see cref="Activity"/> is what a member counted
/// itself before that (states written by older versions: still summed, never added to).
/// <see cref="PendingPhone"/> is a phone change waiting for its code, <see cref="PhoneCodesSent"/> when codes were sent
/// in the last day (the resend limits outlive a cancelled change); <see cref="SessionStamp"/> changes with every phone
/// change and with erasure, so member sessions issued before it end (null until the first change).
/// <see cref="IdNumberClaim"/> is the resident ID number's blind-index claim key (the number itself is in the profile).
/// <see cref="PhoneCipher"/> (the phone under the master key), <see cref="PhoneMask"/>, <see cref="Name"/>,
/// <see cref="Birthday"/> and <see cref="Email"/> are how states were written before per-member keys: still read,
/// never written again.
/// </summary>
public sealed record MemberState(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PhoneCipher,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PhoneMask,
    string? PhoneClaim,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? Birthday,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email,
    string Tier, string? StoreId, DateTimeOffset CreatedAt, IReadOnlyList<string> Cards, bool Erased = false,
    IReadOnlyList<string>? Tags = null, IReadOnlyList<MonthActivity>? Activity = null,
    DateTimeOffset? TierSince = null, string? Personal = null, string? DataKey = null, int? BirthMonth = null, int? BirthDayOfMonth = null,
    PendingPhoneChange? PendingPhone = null, string? SessionStamp = null, IReadOnlyList<DateTimeOffset>? PhoneCodesSent = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdNumberClaim = null)
{
    /// <summary>Whether the personal fields are still in the form written before per-member keys.</summary>
    [JsonIgnore]
    public bool HasLegacyPersonalFields => PhoneCipher is not null || PhoneMask is { Length: > 0 } || Name is not null || Birthday is not null || Email is not null;
}

/// <summary>
/// A phone change waiting for the code sent to the new phone: the new phone sealed under the member's data key, the
/// code's HMAC under that key (never the code), when it was asked for and until when it holds, and the wrong codes so far.
/// </summary>
public sealed record PendingPhoneChange(string Phone, string CodeHash, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt, int FailedTries);
