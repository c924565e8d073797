using MemberCard.Abstractions;
using MemberCard.Abstractions.Stores;
using MemberCard.Grains.Audit;
using MemberCard.Grains.Shared;

using MemberCard.Storage.State;

namespace MemberCard.Grains.Stores;

/// <summary>Durable state of a store.</summary>
public sealed record StoreState(string Name, DateTimeOffset CreatedAt);

/// <summary>
/// A store. Its id is its key, so creating it twice is a version conflict the grain reports as 409. Requests read it
/// through each silo's copy (<see cref="CurrentStores"/>); a store created here counts on this silo at once.
/// </summary>
[GrainType("store")]
public sealed class StoreGrain(CurrentStores copies, [AtomicState] IAtomicState<StoreState> state) : StateGrain<StoreState>(state), IStoreGrain
{
    protected override StoreState CreateInitialState() => new("", default);

    public async Task<StoreView> CreateAsync(CreateStore command)
    {
        if (StateExists) throw new DomainException(ErrorCodes.StoreExists, $"Store {Key} already exists.");
        var next = new StoreState(command.Name, Clock.GetUtcNow());
        await CommitAsync(next, w => w.Publish("store.created", command with { Actor = null }).Audit(command.Actor, Key, next.CreatedAt));
        var view = ToView();
        copies.Changed(view);
        return view;
    }

    public Task<StoreView?> GetAsync() => Task.FromResult(StateExists ? ToView() : null);

    private StoreView ToView() => new(Key, State.Name, State.CreatedAt);
}
