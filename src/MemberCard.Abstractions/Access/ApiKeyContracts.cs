using MemberCard.Runtime;

namespace MemberCard.Abstractions.Access;

/// <summary>An API credential, keyed by the SHA-256 of the key (the key itself is never stored).</summary>
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Creates the credential, or keeps it if it already exists with the same role (bootstrap).</summary>
    Task<ApiKeyView> EnsureAsync(CreateApiKey command);

    /// <summary>Creates a new credential; fails when the hash is already known.</summary>
    Task<ApiKeyView> CreateAsync(CreateApiKey command);

    /// <summary>The credential, or null when unknown.</summary>
    [ReadOnly]
    Task<ApiKeyView?> GetAsync();
}

/// <summary>Create a credential.</summary>
public sealed record CreateApiKey(string Role, string? StoreId, string Name);

/// <summary>A credential as the authentication layer sees it.</summary>
public sealed record ApiKeyView(string KeyId, string Role, string? StoreId, string Name, bool Revoked, DateTimeOffset CreatedAt);

/// <summary>Roles known so far; the security issue adds staff roles.</summary>
public static class Roles
{
    /// <summary>Everything.</summary>
    public const string Admin = "admin";

    /// <summary>A POS terminal bound to one store: member and card operations for that store only.</summary>
    public const string Terminal = "terminal";
}
