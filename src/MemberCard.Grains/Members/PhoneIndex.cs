using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Members;

/// <summary>Keys of the phone blind index.</summary>
public sealed class PhoneIndexOptions
{
    /// <summary>HMAC key for the phone blind index. Production installs must set their own secret.</summary>
    public string HashKey { get; set; } = "membercard-development-phone-index-key";
}

/// <summary>The phone blind index (<see cref="BlindIndex"/>); it also keeps phone numbers unique under concurrent registrations.</summary>
public sealed class PhoneIndex(IOptions<PhoneIndexOptions> options, IGrainStorage storage) : BlindIndex(Scope, options.Value.HashKey, storage)
{
    /// <summary>Claim scope of phone hashes.</summary>
    public const string Scope = "phone";

    /// <summary>138****5678: enough for staff to confirm, not enough to call.</summary>
    public static string Mask(string phone)
    {
        var keep = phone.Length >= 8 ? (Head: 3, Tail: 4) : (Head: 2, Tail: 2);
        return string.Concat(phone.AsSpan(0, keep.Head), "****", phone.AsSpan(phone.Length - keep.Tail));
    }
}
