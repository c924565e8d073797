using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>POST /stores and GET /stores/{storeId}.</summary>
public abstract class StoreApiTests : ApiTests
{
    [StorageFact]
    public async Task CreatedStoreIsReturnedAndCanBeReadBack()
    {
        await using var app = await StartAsync();
        var http = app.CreateAdminClient();

        var response = await http.PostAsJsonAsync("/api/v1/stores", new { storeId = "S001", name = "Xujiahui" });

        var created = await PosClient.ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal("/api/v1/stores/S001", response.Headers.Location?.OriginalString);
        Assert.Equal("S001", created.Text("storeId"));
        Assert.Equal("Xujiahui", created.Text("name"));
        var createdAt = created.Timestamp("createdAt");
        Assert.InRange(createdAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        var read = await PosClient.ExpectAsync(await http.GetAsync("/api/v1/stores/S001"), HttpStatusCode.OK);
        Assert.Equal(created.GetRawText(), read.GetRawText());
    }

    [StorageFact]
    public async Task CreatingAnExistingStoreIsStoreExistsAndKeepsTheFirst()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001", "Xujiahui");

        var again = await pos.Http.PostAsJsonAsync("/api/v1/stores", new { storeId = "S001", name = "Other" });

        await ProblemAssert.IsAsync(again, HttpStatusCode.Conflict, "store_exists");
        var read = await PosClient.ExpectAsync(await pos.Http.GetAsync("/api/v1/stores/S001"), HttpStatusCode.OK);
        Assert.Equal("Xujiahui", read.Text("name"));
    }

    [StorageFact]
    public async Task ConcurrentCreatesOfOneStoreIdLetExactlyOneWin()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            pos.Http.PostAsJsonAsync("/api/v1/stores", new { storeId = "S-RACE", name = $"Store {i}" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await ProblemAssert.IsAsync(refused, HttpStatusCode.Conflict, "store_exists");
    }

    [StorageFact]
    public async Task UnknownStoreIsStoreNotFound()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();

        foreach (var id in new[] { "NOPE", "%E5%BA%97", new string('S', 33), "..%2Fx", "a.b" })
            await ProblemAssert.IsAsync(await pos.Http.GetAsync($"/api/v1/stores/{id}"), HttpStatusCode.NotFound, "store_not_found");
    }

    [StorageFact]
    public async Task InvalidStoreFieldsAreValidationFailedAndCreateNothing()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();

        await ProblemAssert.ValidationAsync(await pos.Http.PostAsJsonAsync("/api/v1/stores", new { storeId = "bad id!", name = "x" }), "storeId");
        await ProblemAssert.ValidationAsync(await pos.Http.PostAsJsonAsync("/api/v1/stores", new { storeId = new string('S', 33), name = "x" }), "storeId");
        await ProblemAssert.ValidationAsync(await pos.Http.PostAsJsonAsync("/api/v1/stores", new { name = "x" }), "storeId");
        await ProblemAssert.ValidationAsync(await pos.Http.PostAsJsonAsync("/api/v1/stores", new { storeId = "S002" }), "name");
        await ProblemAssert.ValidationAsync(await pos.Http.PostAsJsonAsync("/api/v1/stores", new { storeId = "S003", name = new string('n', 101) }), "name");

        foreach (var id in new[] { "S002", "S003" })
            await ProblemAssert.IsAsync(await pos.Http.GetAsync($"/api/v1/stores/{id}"), HttpStatusCode.NotFound, "store_not_found");
    }
}

public sealed class SqliteStoreApiTests : StoreApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
