using System.Net;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>GET /stores: every store in id order for chain roles, the own store for store-bound roles.</summary>
public abstract class StoreListApiTests : ApiTests
{
    [StorageFact]
    public async Task ChainRolesPageThroughEveryStoreInIdOrder()
    {
        await using var app = await StartAsync(SecurityApiTests.Settings);
        var admin = app.CreateAdminPos();
        foreach (var id in new[] { "S003", "S001", "S002", "A-9", "S010" }) await admin.CreateStoreAsync(id, "Store " + id);

        var first = await admin.GetJsonAsync("/api/v1/stores?limit=3");
        var second = await admin.GetJsonAsync($"/api/v1/stores?limit=3&cursor={first.Text("nextCursor")}");
        var ids = first.Field("items").EnumerateArray().Concat(second.Field("items").EnumerateArray()).Select(s => s.Text("storeId")).ToList();
        Assert.Equal(["A-9", "S001", "S002", "S003", "S010"], ids);
        Assert.Null(second.Str("nextCursor"));
        Assert.Equal("Store S002", first.Field("items")[2].Text("name"));

        foreach (var role in new[] { "marketing", "finance" })
        {
            var client = new PosClient(SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "list." + role, role, null)));
            var all = await client.GetJsonAsync("/api/v1/stores");
            Assert.Equal(5, all.Field("items").GetArrayLength());
        }
    }

    [StorageFact]
    public async Task StoreBoundRolesSeeOnlyTheirOwnStoreAndBadPagingIsRefused()
    {
        await using var app = await StartAsync(SecurityApiTests.Settings);
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.CreateStoreAsync("S002");
        foreach (var role in new[] { "store_manager", "cashier" })
        {
            var client = new PosClient(SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "own." + role, role, "S002")));
            var own = await client.GetJsonAsync("/api/v1/stores");
            Assert.Equal(["S002"], own.Field("items").EnumerateArray().Select(s => s.Text("storeId")));
        }

        await ProblemAssert.ValidationAsync(await admin.Http.GetAsync("/api/v1/stores?limit=201"), "limit");
        await ProblemAssert.ValidationAsync(await admin.Http.GetAsync("/api/v1/stores?cursor=bm9wZQ"), "cursor");
        await ProblemAssert.IsAsync(await app.CreateClient().GetAsync("/api/v1/stores"), HttpStatusCode.Unauthorized, "unauthorized");
    }
}

public sealed class SqliteStoreListApiTests : StoreListApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
