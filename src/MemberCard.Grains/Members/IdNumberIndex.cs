using System.Security.Cryptography;
using System.Text;
using MemberCard.Grains.Privacy;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Members;

/// <summary>Key of the ID-number blind index.</summary>
public sealed class IdNumberIndexOptions
{
    /// <summary>HMAC key for the ID-number blind index. Production installs must set their own secret.</summary>
    public string HashKey { get; set; } = "membercard-development-id-number-index-key";
}

/// <summary>
/// Finds members by resident ID number without storing it in an index: the unique claim is keyed by
/// HMAC-SHA256(number) under a key of its own (not the phone index's), so the claims table reveals nothing without
/// it. The claim also keeps one number to one member under concurrent writes (one wins, the other conflicts).
/// </summary>
public sealed class IdNumberIndex(IOptions<IdNumberIndexOptions> options, IGrainStorage storage)
{
    /// <summary>Claim scope of ID-number hashes.</summary>
    public const string Scope = "id-number";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.HashKey);

    /// <summary>The key's fingerprint, to compare silos' keys without showing them.</summary>
    public string Fingerprint() => KeyFingerprint.Of(_key);

    /// <summary>The claim that ties a (normalized) ID number to one member.</summary>
    public ClaimKey ClaimFor(string idNumber) =>
        new(Scope, Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(idNumber))));

    /// <summary>The member holding this ID number, or null.</summary>
    public async Task<string?> FindMemberIdAsync(string idNumber, CancellationToken cancellationToken = default) =>
        (await storage.ReadClaimAsync(ClaimFor(idNumber), cancellationToken).ConfigureAwait(false))?.Owner.Key;
}
