using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Members;

/// <summary>Key of the ID-number blind index.</summary>
public sealed class IdNumberIndexOptions
{
    /// <summary>HMAC key for the ID-number blind index. Production installs must set their own secret.</summary>
    public string HashKey { get; set; } = "membercard-development-id-number-index-key";
}

/// <summary>The ID-number blind index (<see cref="BlindIndex"/>), under a key of its own, not the phone index's.</summary>
public sealed class IdNumberIndex(IOptions<IdNumberIndexOptions> options, IGrainStorage storage) : BlindIndex(Scope, options.Value.HashKey, storage)
{
    /// <summary>Claim scope of ID-number hashes.</summary>
    public const string Scope = "id-number";
}
