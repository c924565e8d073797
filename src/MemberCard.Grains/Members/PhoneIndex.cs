using System.Security.Cryptography;
using System.Text;
using MemberCard.Grains.Privacy;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Members;

/// <summary>Keys of the phone blind index.</summary>
public sealed class PhoneIndexOptions
{
    /// <summary>HMAC key for the phone blind index. Production installs must set their own secret.</summary>
    public string HashKey { get; set; } = "membercard-development-phone-index-key";
}

/// <summary>
/// Finds members by phone without storing the phone in an index: the unique claim is keyed by
/// HMAC-SHA256(phone), so the claims table reveals nothing without the key. The claim also makes phone
/// uniqueness hold under concurrent registrations (one write wins, the other conflicts).
/// </summary>
public sealed class PhoneIndex(IOptions<PhoneIndexOptions> options, IGrainStorage storage)
{
    /// <summary>Claim scope of phone hashes.</summary>
    public const string Scope = "phone";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.HashKey);

    /// <summary>The key's fingerprint, to compare silos' keys without showing them.</summary>
    public string Fingerprint() => KeyFingerprint.Of(_key);

    /// <summary>The claim that ties a phone to one member.</summary>
    public ClaimKey ClaimFor(string phone) =>
        new(Scope, Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(phone))));

    /// <summary>The member registered with this phone, or null.</summary>
    public async Task<string?> FindMemberIdAsync(string phone, CancellationToken cancellationToken = default) =>
        (await storage.ReadClaimAsync(ClaimFor(phone), cancellationToken).ConfigureAwait(false))?.Owner.Key;

    /// <summary>138****5678: enough for staff to confirm, not enough to call.</summary>
    public static string Mask(string phone)
    {
        var keep = phone.Length >= 8 ? (Head: 3, Tail: 4) : (Head: 2, Tail: 2);
        return string.Concat(phone.AsSpan(0, keep.Head), "****", phone.AsSpan(phone.Length - keep.Tail));
    }
}
