
namespace MemberCard.Abstractions.Access;

/// <summary>An API credential, keyed by the SHA-256 of the key (the key itself is never stored).</summary>
[Alias("mc.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Creates the credential, or keeps it if it already exists with the same role (bootstrap).</summary>
    Task<ApiKeyView> EnsureAsync(CreateApiKey command);

    /// <summary>Creates a new credential; fails when the hash is already known.</summary>
    Task<ApiKeyView> CreateAsync(CreateApiKey command);

    /// <summary>The credential, or null when unknown.</summary>
    [ReadOnly]
    Task<ApiKeyView?> GetAsync();

    /// <summary>Revokes the credential for good; authentication refuses it from then on.</summary>
    Task<ApiKeyView?> RevokeAsync();
}

/// <summary>Create a credential.</summary>
[GenerateSerializer, Immutable, Alias("mc.CreateApiKey")]
public sealed record CreateApiKey([property: Id(0)] string Role, [property: Id(1)] string? StoreId, [property: Id(2)] string Name, [property: Id(3)] AuditActor? Actor = null);

/// <summary>
/// Every API key by id, so admins can list, rotate and revoke them. Holds the keys' SHA-256 hashes (which name
/// the <see cref="IApiKeyGrain"/>s), never the keys.
/// </summary>
[Alias("mc.IApiKeyRegistryGrain")]
public interface IApiKeyRegistryGrain : IGrainWithStringKey
{
    /// <summary>Creates the key grain for <paramref name="hash"/> and lists it.</summary>
    Task<ApiKeyView> CreateAsync(string hash, CreateApiKey command);

    /// <summary>Lists an existing key (the bootstrap key) without auditing.</summary>
    Task EnsureListedAsync(string hash, ApiKeyView key);

    /// <summary>Every key, newest first.</summary>
    Task<IReadOnlyList<ApiKeyView>> ListAsync();

    /// <summary>Revokes the key; null when no key has this id.</summary>
    Task<ApiKeyView?> RevokeAsync(string keyId, AuditActor actor);

    /// <summary>Creates a key with the old one's role, store and name under <paramref name="newHash"/>, then revokes the old one.</summary>
    Task<ApiKeyView?> RotateAsync(string keyId, string newHash, AuditActor actor);
}

/// <summary>A credential as the authentication layer sees it.</summary>
[GenerateSerializer, Immutable, Alias("mc.ApiKeyView")]
public sealed record ApiKeyView([property: Id(0)] string KeyId, [property: Id(1)] string Role, [property: Id(2)] string? StoreId, [property: Id(3)] string Name, [property: Id(4)] bool Revoked, [property: Id(5)] DateTimeOffset CreatedAt);

/// <summary>Roles of credentials: staff accounts have one of the staff roles, API keys are admin or terminal.</summary>
public static class Roles
{
    /// <summary>Head office administration: stores, staff, keys, rules, audit, personal-data requests.</summary>
    public const string Admin = "admin";

    /// <summary>A POS terminal bound to one store: member and card operations for that store only.</summary>
    public const string Terminal = "terminal";

    /// <summary>Head office marketing: campaigns (when they exist).</summary>
    public const string Marketing = "marketing";

    /// <summary>Head office finance: liability reports and exports (when they exist).</summary>
    public const string Finance = "finance";

    /// <summary>Runs one store: its tills' operations and its store data.</summary>
    public const string StoreManager = "store_manager";

    /// <summary>Works a till of one store.</summary>
    public const string Cashier = "cashier";

    /// <summary>A member signed in with a one-time code: their own data only (<c>/api/v1/me</c>), never a staff endpoint.</summary>
    public const string Member = "member";

    /// <summary>Roles a staff account may have.</summary>
    public static readonly IReadOnlyList<string> Staff = [Admin, Marketing, Finance, StoreManager, Cashier];

    /// <summary>Whether the role is bound to one store (its credential names the store).</summary>
    public static bool IsStoreBound(string role) => role is Terminal or StoreManager or Cashier;
}
