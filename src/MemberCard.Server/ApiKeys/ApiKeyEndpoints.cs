using System.Security.Cryptography;
using MemberCard.Abstractions.Access;
using MemberCard.Runtime;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.ApiKeys;

/// <summary>Create a credential: a terminal bound to a store, or another admin.</summary>
public sealed record CreateApiKeyRequest(string? Role, string? StoreId, string? Name);

/// <summary>A new credential. <see cref="ApiKey"/> is shown this once and never again.</summary>
public sealed record ApiKeyCreatedResponse(string KeyId, string ApiKey, string Role, string? StoreId, string Name, DateTime CreatedAt);

/// <summary>/api/v1/api-keys (admin). The security issue adds listing, rotation and revocation.</summary>
public static class ApiKeyEndpoints
{
    public static void MapApiKeyEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/api-keys", CreateApiKey).WithTags("Access").WithName(nameof(CreateApiKey))
            .WithSummary("Create an API key (admin)").RequireAuthorization(Caller.AdminPolicy).ProducesProblem(400).ProducesProblem(404);
    }

    public static async Task<Created<ApiKeyCreatedResponse>> CreateApiKey(CreateApiKeyRequest request, IGrainFactory grains)
    {
        var rules = new RequestRules();
        var role = rules.Text("role", request.Role, 20);
        if (role.Length > 0 && role is not (Roles.Admin or Roles.Terminal)) rules.Fail("role", "role must be admin or terminal.");
        var storeId = rules.StoreId("storeId", request.StoreId, required: role == Roles.Terminal);
        if (role == Roles.Admin && storeId.Length > 0) rules.Fail("storeId", "An admin key is not bound to a store.");
        var name = rules.Text("name", request.Name, 100, required: false);
        rules.ThrowIfAny();
        if (storeId.Length > 0) await StoreEndpoints.FindAsync(grains, storeId);
        var key = "mck_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var created = await grains.GetGrain<IApiKeyGrain>(ApiKeyAuthentication.HashOf(key))
            .CreateAsync(new CreateApiKey(role, storeId.Length == 0 ? null : storeId, name.Length == 0 ? role : name));
        return TypedResults.Created((string?)null,
            new ApiKeyCreatedResponse(created.KeyId, key, created.Role, created.StoreId, created.Name, created.CreatedAt.UtcDateTime));
    }
}
