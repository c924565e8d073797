using MemberCard.Abstractions;
using MemberCard.Abstractions.Stores;
using MemberCard.Grains.Audit;
using MemberCard.Runtime;

namespace MemberCard.Grains.Stores;

/// <summary>Durable state of a store.</summary>
public sealed record StoreState(string Name, DateTimeOffset CreatedAt);

/// <summary>A store. Its id is its key, so creating it twice is a version conflict the grain reports as 409.</summary>
[GrainType("store")]
public sealed class StoreGrain : Grain<StoreState>, IStoreGrain
{
    protected override StoreState CreateInitialState() => new("", default);

    public async Task<StoreView> CreateAsync(CreateStore command)
    {
        if (StateExists) throw new DomainException(ErrorCodes.StoreExists, $"Store {GrainId.Key} already exists.");
        var next = new StoreState(command.Name, Clock.GetUtcNow());
        await CommitAsync(next, w => w.Publish("store.created", command with { Actor = null }).Audit(command.Actor, GrainId.Key, next.CreatedAt));
        return ToView();
    }

    public Task<StoreView?> GetAsync() => Task.FromResult(StateExists ? ToView() : null);

    private StoreView ToView() => new(GrainId.Key, State.Name, State.CreatedAt);
}
