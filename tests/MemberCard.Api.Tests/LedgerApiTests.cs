using System.Net;
using System.Text;
using System.Text.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>GET /cards/{cardNo}/transactions: newest first, limit and cursor, sums equal the card.</summary>
public abstract class LedgerApiTests : ApiTests
{
    [StorageFact]
    public async Task LedgerPagesNewestFirstWithLimitAndCursorUntilNextCursorIsNull()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        for (var amount = 101; amount <= 105; amount++) await pos.TopUpAsync(cardNo, amount, "S001");

        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var query = cursor is null ? "?limit=2" : $"?limit=2&cursor={Uri.EscapeDataString(cursor)}";
            var page = await PosClient.ExpectAsync(await pos.Http.GetAsync($"/api/v1/cards/{cardNo}/transactions{query}"), HttpStatusCode.OK);
            pages.Add(page);
            cursor = page.Str("nextCursor");
            Assert.True(pages.Count <= 3, "More pages than entries.");
        }
        while (cursor is not null);

        Assert.Equal([[105L, 104L], [103L, 102L], [101L]],
            pages.Select(p => p.Field("items").EnumerateArray().Select(e => e.Long("amount")).ToArray()).ToArray());
        Assert.Equal(JsonValueKind.Null, pages[^1].Field("nextCursor").ValueKind);
        var all = await PosClient.ExpectAsync(await pos.Http.GetAsync($"/api/v1/cards/{cardNo}/transactions?limit=200"), HttpStatusCode.OK);
        Assert.Equal([105L, 104L, 103L, 102L, 101L], all.Field("items").EnumerateArray().Select(e => e.Long("amount")));
        Assert.Equal(JsonValueKind.Null, all.Field("nextCursor").ValueKind);
        var times = all.Field("items").EnumerateArray().Select(e => e.Timestamp("createdAt")).ToList();
        Assert.Equal(times.OrderDescending(), times);
        var one = await PosClient.ExpectAsync(await pos.Http.GetAsync($"/api/v1/cards/{cardNo}/transactions?limit=1"), HttpStatusCode.OK);
        Assert.Equal(105, Assert.Single(one.Field("items").EnumerateArray()).Long("amount"));
        Assert.NotNull(one.Str("nextCursor"));
    }

    [StorageFact]
    public async Task LedgerSumsEqualBalanceAndPointsAfterAMixedWorkload()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        await pos.CreateStoreAsync("S002");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 30000, "S001"); // +2000
        await pos.TopUpAsync(cardNo, 777, "S002");
        await pos.PurchaseAsync(cardNo, "W-1", "S001", 12345, 12345);
        await pos.PurchaseAsync(cardNo, "W-2", "S002", 9999, 4000, pointsToRedeem: 99);
        await pos.PurchaseAsync(cardNo, "W-3", "S001", 3333, 0, pointsToRedeem: 20);
        await pos.RefundAsync(cardNo, "W-1", "S001", 1001);
        await pos.RefundAsync(cardNo, "W-2", "S002", null);
        await pos.RefundAsync(cardNo, "W-3", "S001", 1111);
        await pos.RefundAsync(cardNo, "W-1", "S001", 2002);
        await pos.PurchaseAsync(cardNo, "W-4", "S002", 500, 500);

        var card = await pos.GetCardAsync(cardNo);
        var ledger = await pos.ReadLedgerAsync(cardNo, limit: 3);

        Assert.Equal(10, ledger.Count);
        Assert.Equal(card.Long("balance"), ledger.Sum(e => e.Long("balanceDelta")));
        Assert.Equal(card.Long("points"), ledger.Sum(e => e.Long("pointsDelta")));
        Assert.Equal(["purchase", "refund", "refund", "refund", "refund", "purchase", "purchase", "purchase", "top_up", "top_up"],
            ledger.Select(e => e.Text("type")));
        Assert.Equal(["S002", "S001", "S001", "S002", "S001", "S001", "S002", "S001", "S002", "S001"], ledger.Select(e => e.Text("storeId")));
        // Each entry's running balance and points follow from the older one and its delta.
        for (var i = 0; i < ledger.Count; i++)
        {
            var olderBalance = i + 1 < ledger.Count ? ledger[i + 1].Long("balance") : 0;
            var olderPoints = i + 1 < ledger.Count ? ledger[i + 1].Long("points") : 0;
            Assert.Equal(olderBalance + ledger[i].Long("balanceDelta"), ledger[i].Long("balance"));
            Assert.Equal(olderPoints + ledger[i].Long("pointsDelta"), ledger[i].Long("points"));
            ledger[i].Timestamp("createdAt");
        }
        Assert.Equal(card.Long("balance"), ledger[0].Long("balance"));
        Assert.Equal(card.Long("points"), ledger[0].Long("points"));
    }

    [StorageFact]
    public async Task BadLimitOrCursorIsValidationFailed()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 100, "S001");
        var path = $"/api/v1/cards/{cardNo}/transactions";

        foreach (var limit in new[] { "0", "201", "-1" })
            await ProblemAssert.ValidationAsync(await pos.Http.GetAsync($"{path}?limit={limit}"), "limit");
        foreach (var limit in new[] { "abc", "1.5", "%20", "99999999999" })
            await ProblemAssert.ValidationAsync(await pos.Http.GetAsync($"{path}?limit={limit}"));
        var garbage = new[]
        {
            "!!!", "abc", "Zm9v", Base64Url("1.2.3"), Base64Url("-1.0"), Base64Url("x.y"), Base64Url("99999999999999999999.1"),
            new string('A', 3000), "%E6%B8%B8%E6%A0%87",
        };
        foreach (var cursor in garbage)
            await ProblemAssert.ValidationAsync(await pos.Http.GetAsync($"{path}?cursor={cursor}"), "cursor");

        Assert.Single(await pos.ReadLedgerAsync(cardNo));
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class SqliteLedgerApiTests : LedgerApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
