using System.Security.Cryptography;
using System.Text;
using MemberCard.Grains.Privacy;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Members;

/// <summary>
/// Finds members by a personal value without storing it in an index: a unique claim keyed by HMAC-SHA256(value) under
/// a key of the index's own, so the claims table reveals nothing without the key. The claim also keeps one value to
/// one member under concurrent writes (one wins, the other conflicts). The phone and the ID number each have one.
/// </summary>
public abstract class BlindIndex(string scope, string hashKey, IGrainStorage storage)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(hashKey);

    /// <summary>The key's fingerprint, to compare silos' keys without showing them.</summary>
    public string Fingerprint() => KeyFingerprint.Of(_key);

    /// <summary>The claim that ties a (normalized) value to one member.</summary>
    public ClaimKey ClaimFor(string value) => new(scope, Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value))));

    /// <summary>The member holding this value, or null.</summary>
    public async Task<string?> FindMemberIdAsync(string value, CancellationToken cancellationToken = default) =>
        (await storage.ReadClaimAsync(ClaimFor(value), cancellationToken).ConfigureAwait(false))?.Owner.Key;
}
