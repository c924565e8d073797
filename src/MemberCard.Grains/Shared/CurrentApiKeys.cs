using MemberCard.Abstractions.Access;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Shared;

/// <summary>
/// API keys as this silo's authentication reads them: a <see cref="ReadMostly{TKey,TValue}"/> copy of each key
/// grain's answer, by key hash. Unknown keys are not kept (each costs a grain call, as before). A key created or
/// revoked through this silo counts at once; on other silos within <see cref="ReadMostlyOptions.Fresh"/> plus one read
/// (docs/architecture.md, "Read-mostly state").
/// </summary>
public sealed class CurrentApiKeys(IGrainFactory grains, IOptions<ReadMostlyOptions> options)
{
    // Real time, whatever clock the business runs on: freshness is about this process, not about dates.
    private readonly ReadMostly<string, ApiKeyView> _copy = new(TimeProvider.System, options.Value);

    /// <summary>The key with this hash, or null when there is none.</summary>
    public ValueTask<ApiKeyView?> GetAsync(string hash) => _copy.GetAsync(hash, h => grains.GetGrain<IApiKeyGrain>(h).GetAsync());

    /// <summary>A key grain on this silo changed: its new view.</summary>
    public void Changed(string hash, ApiKeyView view) => _copy.Set(hash, view);

    /// <summary>Keys changed through this silo's API (a rotation or revocation names the key by id, not hash): read them again.</summary>
    public void ForgetAll() => _copy.ForgetAll();
}
