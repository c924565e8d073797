using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace MemberCard.Baseline.Endpoints;

/// <summary>/api/v1/stores. One round trip each.</summary>
public static class StoreEndpoints
{
    public static void MapStoreEndpoints(this RouteGroupBuilder api)
    {
        var stores = api.MapGroup("/stores").WithTags("Stores");
        stores.MapPost("/", CreateStore).WithName(nameof(CreateStore));
        stores.MapGet("/{storeId}", GetStore).WithName(nameof(GetStore));
    }

    public static async Task<Created<StoreResponse>> CreateStore(CreateStoreRequest request, NpgsqlDataSource db)
    {
        var rules = new FieldRules();
        var storeId = rules.StoreId("storeId", request.StoreId);
        var name = rules.Text("name", request.Name, 100);
        rules.ThrowIfAny();
        var createdAt = Clock.UtcNow();
        await using var insert = db.CreateCommand("INSERT INTO stores (store_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        insert.Parameters.Add(Sql.Text(storeId));
        insert.Parameters.Add(Sql.Text(name));
        insert.Parameters.Add(Sql.Time(createdAt));
        if (await insert.ExecuteNonQueryAsync() == 0) throw new ApiError(ApiError.StoreExists, $"Store {storeId} already exists.");
        return TypedResults.Created($"/api/v1/stores/{storeId}", new StoreResponse(storeId, name, createdAt));
    }

    public static async Task<Ok<StoreResponse>> GetStore(string storeId, NpgsqlDataSource db)
    {
        if (!Identifiers.IsStoreId(storeId)) throw NotFound(storeId);
        await using var select = db.CreateCommand("SELECT name, created_at FROM stores WHERE store_id = $1");
        select.Parameters.Add(Sql.Text(storeId));
        await using var reader = await select.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw NotFound(storeId);
        return TypedResults.Ok(new StoreResponse(storeId, reader.GetString(0), reader.GetDateTime(1)));
    }

    private static ApiError NotFound(string storeId) => new(ApiError.StoreNotFound, $"Store {storeId} does not exist.");
}
