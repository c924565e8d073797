namespace MemberCard.Client;

/// <summary>Create a store (<c>POST /api/v1/stores</c>, admin credential).</summary>
/// <param name="StoreId">1–32 letters, digits, '-' or '_'.</param>
/// <param name="Name">The store's name (1–100 characters).</param>
public sealed record CreateStoreRequest(string StoreId, string Name);

/// <summary>A store.</summary>
public sealed record Store(string StoreId, string Name, DateTimeOffset CreatedAt);
