using MemberCard.Abstractions.Access;
using MemberCard.Runtime;

namespace MemberCard.Abstractions.Stores;

/// <summary>A store of the chain, keyed by its store id.</summary>
public interface IStoreGrain : IGrainWithStringKey
{
    /// <summary>Creates the store; <see cref="ErrorCodes.StoreExists"/> when it exists.</summary>
    Task<StoreView> CreateAsync(CreateStore command);

    /// <summary>The store, or null when it does not exist.</summary>
    [ReadOnly]
    Task<StoreView?> GetAsync();
}

/// <summary>Create a store.</summary>
public sealed record CreateStore(string Name, AuditActor? Actor = null);

/// <summary>A store as callers see it.</summary>
public sealed record StoreView(string StoreId, string Name, DateTimeOffset CreatedAt);
