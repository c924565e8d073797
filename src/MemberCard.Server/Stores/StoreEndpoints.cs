using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Stores;
using MemberCard.Grains.Shared;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Stores;

/// <summary>Create a store.</summary>
public sealed record CreateStoreRequest(
    [property: Required, RegularExpression(Identifiers.StoreIdPattern)] string? StoreId,
    [property: Required, StringLength(StoreEndpoints.MaxName, MinimumLength = 1)] string? Name);

/// <summary>A store.</summary>
public sealed record StoreResponse(string StoreId, string Name, DateTime CreatedAt)
{
    public static StoreResponse From(StoreView v) => new(v.StoreId, v.Name, v.CreatedAt.UtcDateTime);
}

/// <summary>/api/v1/stores: create, get, list (<see cref="StoreListEndpoint"/>).</summary>
public static class StoreEndpoints
{
    /// <summary>The longest store name.</summary>
    internal const int MaxName = 100;

    public static void MapStoreEndpoints(this RouteGroupBuilder api)
    {
        var stores = api.MapGroup("/stores").WithTags("Stores");
        stores.MapPost("/", CreateStore).WithName(nameof(CreateStore)).WithSummary("Create a store")
            .WithDescription("Creates a store with the id the chain uses for it; the id cannot be changed or reused.")
            .RequireAuthorization(Caller.AdminPolicy).CanFail(ErrorCodes.StoreExists, ErrorCodes.ValidationFailed);
        stores.MapStoreList();
        stores.MapGet("/{storeId}", GetStore).WithName(nameof(GetStore)).WithSummary("Get a store")
            .WithDescription("A store's name and creation time.")
            .RequireAuthorization(Caller.PosPolicy).CanFail(ErrorCodes.StoreNotFound);
    }

    [Audited("store.create")]
    public static async Task<Created<StoreResponse>> CreateStore(CreateStoreRequest request, HttpContext context, IGrainFactory grains)
    {
        var rules = new RequestRules();
        var storeId = rules.StoreId("storeId", request.StoreId);
        var name = rules.Text("name", request.Name, MaxName);
        rules.ThrowIfAny();
        var store = await grains.GetGrain<IStoreGrain>(storeId).CreateAsync(new CreateStore(name, Caller.Actor(context)));
        return TypedResults.Created($"/api/v1/stores/{storeId}", StoreResponse.From(store));
    }

    public static async Task<Ok<StoreResponse>> GetStore(string storeId, ClaimsPrincipal user, CurrentStores stores)
    {
        // Store-bound roles see their own store only.
        Caller.RequireStore(user, storeId);
        return TypedResults.Ok(StoreResponse.From(await FindAsync(stores, storeId)));
    }

    /// <summary>The store (this silo's read-mostly copy), or 404 <c>store_not_found</c>.</summary>
    public static async Task<StoreView> FindAsync(CurrentStores stores, string storeId)
    {
        var store = Identifiers.IsStoreId(storeId) ? await stores.GetAsync(storeId) : null;
        return store ?? throw new DomainException(ErrorCodes.StoreNotFound, $"Store {storeId} does not exist.");
    }
}
