using MemberCard.Abstractions.Stores;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Shared;

/// <summary>
/// Stores as this silo's requests check them (every card write names its store): a <see cref="ReadMostly{TKey,TValue}"/>
/// copy of each store grain's answer, by store id, so a write does not wait on the one silo that holds the store
/// grain. Unknown stores are not kept (each asks the grain again, so a store created on another silo is found at
/// once); a store created through this silo counts at once (docs/architecture.md, "Read-mostly state").
/// </summary>
public sealed class CurrentStores(IGrainFactory grains, IOptions<ReadMostlyOptions> options)
{
    // Real time, whatever clock the business runs on: freshness is about this process, not about dates.
    private readonly ReadMostly<string, StoreView> _copy = new(TimeProvider.System, options.Value);

    /// <summary>The store with this id, or null when there is none.</summary>
    public ValueTask<StoreView?> GetAsync(string storeId) => _copy.GetAsync(storeId, id => grains.GetGrain<IStoreGrain>(id).GetAsync());

    /// <summary>A store grain on this silo changed: its new view.</summary>
    public void Changed(StoreView view) => _copy.Set(view.StoreId, view);
}
