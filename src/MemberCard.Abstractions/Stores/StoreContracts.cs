using MemberCard.Abstractions.Access;

namespace MemberCard.Abstractions.Stores;

/// <summary>A store of the chain, keyed by its store id.</summary>
[Alias("mc.IStoreGrain")]
public interface IStoreGrain : IGrainWithStringKey
{
    /// <summary>Creates the store; <see cref="ErrorCodes.StoreExists"/> when it exists.</summary>
    Task<StoreView> CreateAsync(CreateStore command);

    /// <summary>The store, or null when it does not exist.</summary>
    [ReadOnly]
    Task<StoreView?> GetAsync();
}

/// <summary>Create a store.</summary>
[GenerateSerializer, Immutable, Alias("mc.CreateStore")]
public sealed record CreateStore([property: Id(0)] string Name, [property: Id(1)] AuditActor? Actor = null);

/// <summary>A store as callers see it.</summary>
[GenerateSerializer, Immutable, Alias("mc.StoreView")]
public sealed record StoreView([property: Id(0)] string StoreId, [property: Id(1)] string Name, [property: Id(2)] DateTimeOffset CreatedAt);
