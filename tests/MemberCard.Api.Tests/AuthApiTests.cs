using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>X-Api-Key: missing or wrong is 401; terminals act only for their own store; admin-only endpoints.</summary>
public abstract class AuthApiTests : ApiTests
{
    [StorageFact]
    public async Task EveryEndpointRefusesAMissingOrWrongKeyWithUnauthorized()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var memberId = (await pos.RegisterMemberAsync("S001", "13812345678")).Text("memberId");
        var cardNo = (await pos.IssueCardAsync(memberId)).Text("cardNo");
        await pos.TopUpAsync(cardNo, 5000, "S001");
        await pos.PurchaseAsync(cardNo, "A-1", "S001", 1000, 1000);
        var before = await pos.SnapshotAsync(cardNo);
        var requests = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Post, "/api/v1/stores", new { storeId = "S009", name = "x" }),
            (HttpMethod.Get, "/api/v1/stores/S001", null),
            (HttpMethod.Post, "/api/v1/members", new { phone = PosClient.UniquePhone() }),
            (HttpMethod.Get, $"/api/v1/members/{memberId}", null),
            (HttpMethod.Post, "/api/v1/members/lookup", new { phone = "13812345678" }),
            (HttpMethod.Post, $"/api/v1/members/{memberId}/cards", new { }),
            (HttpMethod.Get, $"/api/v1/cards/{cardNo}", null),
            (HttpMethod.Post, $"/api/v1/cards/{cardNo}/top-ups", new { amount = 100, storeId = "S001" }),
            (HttpMethod.Post, $"/api/v1/cards/{cardNo}/purchases", PosClient.Purchase("A-2", "S001", 100, 100)),
            (HttpMethod.Post, $"/api/v1/cards/{cardNo}/refunds", PosClient.Refund("A-1", "S001", null)),
            (HttpMethod.Post, $"/api/v1/cards/{cardNo}/freeze", new { reason = "x" }),
            (HttpMethod.Post, $"/api/v1/cards/{cardNo}/unfreeze", new { reason = "x" }),
            (HttpMethod.Get, $"/api/v1/cards/{cardNo}/transactions", null),
            (HttpMethod.Post, "/api/v1/api-keys", new { role = "admin", name = "x" }),
        };
        var clients = new[]
        {
            app.CreateClientWithKey(null),
            app.CreateClientWithKey("wrong-key"),
            app.CreateClientWithKey(MemberCardApplication.AdminKey + "x"),
            app.CreateClientWithKey(new string('k', 300)),
        };

        foreach (var client in clients)
        foreach (var (method, path, body) in requests)
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", PosClient.NewKey());
            await ProblemAssert.IsAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized, "unauthorized");
        }

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
        await ProblemAssert.IsAsync(await pos.Http.GetAsync("/api/v1/stores/S009"), HttpStatusCode.NotFound, "store_not_found");
    }

    [StorageFact]
    public async Task AdminCreatesTerminalKeysThatAreShownOnceAndWork()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");

        var response = await pos.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001", name = "Till 1" });
        var second = await PosClient.ExpectAsync(
            await pos.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001", name = "Till 2" }), HttpStatusCode.Created);

        var created = await PosClient.ExpectAsync(response, HttpStatusCode.Created);
        var apiKey = created.Text("apiKey");
        Assert.Equal("terminal", created.Text("role"));
        Assert.Equal("S001", created.Text("storeId"));
        Assert.Equal("Till 1", created.Text("name"));
        Assert.False(string.IsNullOrEmpty(created.Text("keyId")));
        Assert.DoesNotContain(created.Text("keyId"), apiKey);
        created.Timestamp("createdAt");
        Assert.NotEqual(apiKey, second.Text("apiKey"));
        Assert.NotEqual(created.Text("keyId"), second.Text("keyId"));
        var terminal = app.CreatePos(apiKey);
        await PosClient.ExpectAsync(await terminal.Http.GetAsync("/api/v1/stores/S001"), HttpStatusCode.OK);
    }

    [StorageFact]
    public async Task InvalidApiKeyRequestsAreRefused()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");

        await ProblemAssert.ValidationAsync(await pos.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "root", name = "x" }), "role");
        await ProblemAssert.ValidationAsync(await pos.Http.PostAsJsonAsync("/api/v1/api-keys", new { name = "x" }), "role");
        await ProblemAssert.ValidationAsync(await pos.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", name = "x" }), "storeId");
        await ProblemAssert.ValidationAsync(await pos.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "admin", storeId = "S001" }), "storeId");
        await ProblemAssert.IsAsync(
            await pos.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S404" }), HttpStatusCode.NotFound, "store_not_found");

        var admin = await PosClient.ExpectAsync(
            await pos.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "admin", name = "Ops" }), HttpStatusCode.Created);
        Assert.Null(admin.Str("storeId"));
        await app.CreatePos(admin.Text("apiKey")).CreateStoreAsync("S002");
    }

    [StorageFact]
    public async Task TerminalActsOnlyForItsOwnStoreAndCannotAdminister()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.CreateStoreAsync("S002");
        var key = await PosClient.ExpectAsync(
            await admin.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001", name = "Till" }), HttpStatusCode.Created);
        var till = app.CreatePos(key.Text("apiKey"));

        var cardNo = await till.NewCardAsync("S001");
        await till.TopUpAsync(cardNo, 5000, "S001");
        await till.PurchaseAsync(cardNo, "T-1", "S001", 2000, 2000);
        await till.RefundAsync(cardNo, "T-1", "S001", 500);
        await admin.PurchaseAsync(cardNo, "T-2", "S002", 1000, 1000);
        var before = await admin.SnapshotAsync(cardNo);

        await ProblemAssert.IsAsync(await till.PostMemberAsync(new { phone = PosClient.UniquePhone(), storeId = "S002" }), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(
            await till.PostTopUpAsync(cardNo, new { amount = 100, storeId = "S002" }, PosClient.NewKey()), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(
            await till.PostPurchaseAsync(cardNo, PosClient.Purchase("T-3", "S002", 100, 100)), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(
            await till.PostRefundAsync(cardNo, PosClient.Refund("T-2", "S002", null), PosClient.NewKey()), HttpStatusCode.Forbidden, "forbidden");
        // Another store's id is refused even when that store does not exist: the till may not probe.
        await ProblemAssert.IsAsync(
            await till.PostTopUpAsync(cardNo, new { amount = 100, storeId = "S404" }, PosClient.NewKey()), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(
            await till.Http.PostAsJsonAsync("/api/v1/stores", new { storeId = "S003", name = "Mine now" }), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(
            await till.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "admin", name = "Escalate" }), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(
            await till.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001", name = "Clone" }), HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal(before, await admin.SnapshotAsync(cardNo));
        Assert.Equal(3000 + 500 - 1000, before.Balance);
        await ProblemAssert.IsAsync(await admin.Http.GetAsync("/api/v1/stores/S003"), HttpStatusCode.NotFound, "store_not_found");
        // Reads are not store-bound: the till sees the card and its whole ledger.
        Assert.Equal(4, (await till.ReadLedgerAsync(cardNo)).Count);
    }
}

public sealed class SqliteAuthApiTests : AuthApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
