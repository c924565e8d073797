using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Grains.Shared;
using MemberCard.Server.Cards;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Members;
using MemberCard.Server.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.ApiKeys;

/// <summary>Create a credential: a terminal bound to a store, or another admin.</summary>
/// <remarks><c>storeId</c> is required for a terminal and not allowed for an admin key.</remarks>
public sealed record CreateApiKeyRequest(
    [property: Required, AllowedValues(Roles.Admin, Roles.Terminal)] string? Role,
    [property: RegularExpression(MemberEndpoints.OptionalStoreIdPattern)] string? StoreId,
    [property: StringLength(ApiKeyEndpoints.MaxName)] string? Name);

/// <summary>A new credential. <see cref="ApiKey"/> is shown this once and never again.</summary>
public sealed record ApiKeyCreatedResponse(
    string KeyId, string ApiKey, [property: AllowedValues(Roles.Admin, Roles.Terminal)] string Role, string? StoreId, string Name, DateTime CreatedAt);

/// <summary>A listed credential: never its secret.</summary>
public sealed record ApiKeyResponse(
    string KeyId, [property: AllowedValues(Roles.Admin, Roles.Terminal)] string Role, string? StoreId, string Name, bool Revoked, DateTime CreatedAt)
{
    public static ApiKeyResponse From(ApiKeyView v) => new(v.KeyId, v.Role, v.StoreId, v.Name, v.Revoked, v.CreatedAt.UtcDateTime);
}

/// <summary>/api/v1/api-keys (admin): create, list, rotate, revoke.</summary>
public static class ApiKeyEndpoints
{
    internal const string RegistryKey = "all";

    /// <summary>The longest key name.</summary>
    internal const int MaxName = 100;

    public static void MapApiKeyEndpoints(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/api-keys").WithTags("Access").RequireAuthorization(Caller.AdminPolicy);
        keys.MapPost("/", CreateApiKey).WithName(nameof(CreateApiKey)).WithSummary("Create an API key (admin)")
            .WithDescription("Creates a terminal key bound to `storeId`, or an admin key. `apiKey` is shown in this answer only; "
                + "the server keeps its hash.")
            .CanFail(ErrorCodes.StoreNotFound, ErrorCodes.ValidationFailed);
        keys.MapGet("/", ListApiKeys).WithName(nameof(ListApiKeys)).WithSummary("Every API key, without secrets (admin)")
            .WithDescription("Every API key with its role, store and state; `nextCursor` is always null.");
        keys.MapPost("/{keyId}/rotate", RotateApiKey).WithName(nameof(RotateApiKey))
            .WithSummary("Replace a key: a new secret with the same role and store; the old one stops working (admin)")
            .WithDescription("The new `apiKey` is shown in this answer only. A revoked key cannot be rotated (400).")
            .CanFail(ErrorCodes.ApiKeyNotFound, ErrorCodes.ValidationFailed);
        keys.MapPost("/{keyId}/revoke", RevokeApiKey).WithName(nameof(RevokeApiKey)).WithSummary("Revoke a key for good (admin)")
            .WithDescription("The key stops working at once and cannot be used again.")
            .CanFail(ErrorCodes.ApiKeyNotFound);
    }

    [Audited("api_key.create")]
    public static async Task<Created<ApiKeyCreatedResponse>> CreateApiKey(CreateApiKeyRequest request, HttpContext context, IGrainFactory grains, CurrentStores stores)
    {
        var rules = new RequestRules();
        var role = rules.Text("role", request.Role, 20);
        if (role.Length > 0 && role is not (Roles.Admin or Roles.Terminal)) rules.Fail("role", "role must be admin or terminal.");
        var storeId = rules.StoreId("storeId", request.StoreId, required: role == Roles.Terminal);
        if (role == Roles.Admin && storeId.Length > 0) rules.Fail("storeId", "An admin key is not bound to a store.");
        var name = rules.Text("name", request.Name, MaxName, required: false);
        rules.ThrowIfAny();
        if (storeId.Length > 0) await StoreEndpoints.FindAsync(stores, storeId);
        var key = NewKey();
        var created = await Registry(grains).CreateAsync(ApiKeyAuthentication.HashOf(key),
            new CreateApiKey(role, storeId.Length == 0 ? null : storeId, name.Length == 0 ? role : name, Caller.Actor(context)));
        return TypedResults.Created((string?)null, Shown(created, key));
    }

    public static async Task<Ok<ListResponse<ApiKeyResponse>>> ListApiKeys(IGrainFactory grains) =>
        TypedResults.Ok(new ListResponse<ApiKeyResponse>([.. (await Registry(grains).ListAsync()).Select(ApiKeyResponse.From)], null));

    [Audited("api_key.rotate")]
    public static async Task<Ok<ApiKeyCreatedResponse>> RotateApiKey(string keyId, HttpContext context, IGrainFactory grains, CurrentApiKeys copies)
    {
        var key = NewKey();
        var created = await Registry(grains).RotateAsync(keyId, ApiKeyAuthentication.HashOf(key), Caller.Actor(context)) ?? throw NotFound(keyId);
        copies.ForgetAll();
        return TypedResults.Ok(Shown(created, key));
    }

    [Audited("api_key.revoke")]
    public static async Task<Ok<ApiKeyResponse>> RevokeApiKey(string keyId, HttpContext context, IGrainFactory grains, CurrentApiKeys copies)
    {
        var revoked = await Registry(grains).RevokeAsync(keyId, Caller.Actor(context)) ?? throw NotFound(keyId);
        // The key grain may live on another silo: this silo reads every key again rather than serve the old view.
        copies.ForgetAll();
        return TypedResults.Ok(ApiKeyResponse.From(revoked));
    }

    internal static IApiKeyRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IApiKeyRegistryGrain>(RegistryKey);

    private static string NewKey() => "mck_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static ApiKeyCreatedResponse Shown(ApiKeyView v, string key) => new(v.KeyId, key, v.Role, v.StoreId, v.Name, v.CreatedAt.UtcDateTime);

    private static DomainException NotFound(string keyId) => new(ErrorCodes.ApiKeyNotFound, $"No API key has id {keyId}.");
}
