using System.Net;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>POST /cards/{cardNo}/top-ups: amounts, bonus rules, the balance cap, required fields.</summary>
public abstract class TopUpApiTests : ApiTests
{
    [StorageFact]
    public async Task TopUpCreditsAmountAndAnswersTheTransaction()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");

        var response = await pos.PostTopUpAsync(cardNo, new { amount = 5000, storeId = "S001" }, PosClient.NewKey());

        var topUp = await PosClient.ExpectAsync(response, HttpStatusCode.Created);
        Assert.Matches("^[0-9a-f]{32}$", topUp.Text("transactionId"));
        Assert.Equal("top_up", topUp.Text("type"));
        Assert.Equal(5000, topUp.Long("amount"));
        Assert.Equal(0, topUp.Long("bonus"));
        Assert.Equal(5000, topUp.Long("balance"));
        Assert.Equal(0, topUp.Long("points"));
        topUp.Timestamp("createdAt");
        var card = await pos.GetCardAsync(cardNo);
        Assert.Equal(5000, card.Long("balance"));
        var entry = Assert.Single(await pos.ReadLedgerAsync(cardNo));
        Assert.Equal(topUp.Text("transactionId"), entry.Text("transactionId"));
        Assert.Equal("top_up", entry.Text("type"));
        Assert.Null(entry.Str("orderNo"));
        Assert.Equal(5000, entry.Long("amount"));
        Assert.Equal(5000, entry.Long("balanceDelta"));
        Assert.Equal(0, entry.Long("pointsDelta"));
        Assert.Equal(5000, entry.Long("balance"));
        Assert.Equal("S001", entry.Text("storeId"));
        Assert.Equal(topUp.Timestamp("createdAt"), entry.Timestamp("createdAt"));
    }

    [StorageFact]
    public async Task BonusFollowsTheHighestStepReached()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");

        // Steps from appsettings: 10000 → +2000, 50000 → +12000.
        var expected = new (long Amount, long Bonus)[] { (1, 0), (9999, 0), (10000, 2000), (49999, 2000), (50000, 12000), (100000, 12000) };
        long balance = 0;
        foreach (var (amount, bonus) in expected)
        {
            var topUp = await pos.TopUpAsync(cardNo, amount, "S001");
            balance += amount + bonus;
            Assert.Equal(amount, topUp.Long("amount"));
            Assert.Equal(bonus, topUp.Long("bonus"));
            Assert.Equal(balance, topUp.Long("balance"));
        }

        Assert.Equal(balance, (await pos.GetCardAsync(cardNo)).Long("balance"));
        var ledger = await pos.ReadLedgerAsync(cardNo);
        Assert.Equal(expected.Select(e => e.Amount + e.Bonus).Reverse(), ledger.Select(e => e.Long("balanceDelta")));
    }

    [StorageFact]
    public async Task TopUpBonusRulesComeFromConfiguration()
    {
        await using var app = await StartAsync(new Dictionary<string, string?>
        {
            ["Rules:TopUpBonus:0:MinAmount"] = "100",
            ["Rules:TopUpBonus:0:Bonus"] = "7",
            ["Rules:TopUpBonus:1:MinAmount"] = "999999999",
            ["Rules:TopUpBonus:1:Bonus"] = "1",
        });
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");

        var topUp = await pos.TopUpAsync(cardNo, 50000, "S001");

        Assert.Equal(7, topUp.Long("bonus"));
        Assert.Equal(50007, topUp.Long("balance"));
    }

    [StorageFact]
    public async Task TopUpPastTheCapIsBalanceCapExceededAndUpToTheCapSucceeds()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 400000, "S001"); // +12000 bonus → 412000

        // 76001 + 12000 bonus would make 500001, one past the cap of 500000.
        await ProblemAssert.IsAsync(
            await pos.PostTopUpAsync(cardNo, new { amount = 76001, storeId = "S001" }, PosClient.NewKey()), HttpStatusCode.Conflict, "balance_cap_exceeded");
        Assert.Equal(412000, (await pos.GetCardAsync(cardNo)).Long("balance"));
        Assert.Single(await pos.ReadLedgerAsync(cardNo));

        var full = await pos.TopUpAsync(cardNo, 76000, "S001");

        Assert.Equal(500000, full.Long("balance"));
        await ProblemAssert.IsAsync(
            await pos.PostTopUpAsync(cardNo, new { amount = 1, storeId = "S001" }, PosClient.NewKey()), HttpStatusCode.Conflict, "balance_cap_exceeded");
        Assert.Equal(500000, (await pos.GetCardAsync(cardNo)).Long("balance"));
    }

    [StorageFact]
    public async Task TopUpWithoutOrWithMalformedIdempotencyKeyIsValidationFailed()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        var body = new { amount = 1000, storeId = "S001" };

        await ProblemAssert.ValidationAsync(await pos.PostTopUpAsync(cardNo, body, idempotencyKey: null), "Idempotency-Key");
        foreach (var key in new[] { "", new string('k', 65), "has space", "tab\tkey", "bell\u0007key", "ключ" })
            await ProblemAssert.ValidationAsync(await pos.PostTopUpAsync(cardNo, body, key), "Idempotency-Key");

        Assert.Equal(0, (await pos.GetCardAsync(cardNo)).Long("balance"));
        Assert.Empty(await pos.ReadLedgerAsync(cardNo));
        // The longest and the shortest allowed keys work.
        await pos.TopUpAsync(cardNo, 1000, "S001", new string('k', 64));
        await pos.TopUpAsync(cardNo, 1000, "S001", "~");
        Assert.Equal(2000, (await pos.GetCardAsync(cardNo)).Long("balance"));
    }

    [StorageFact]
    public async Task TopUpAtUnknownStoreIsStoreNotFound()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");

        await ProblemAssert.IsAsync(
            await pos.PostTopUpAsync(cardNo, new { amount = 1000, storeId = "S999" }, PosClient.NewKey()), HttpStatusCode.NotFound, "store_not_found");

        Assert.Equal(0, (await pos.GetCardAsync(cardNo)).Long("balance"));
    }

    [StorageFact]
    public async Task TopUpAmountOutsideOneToOneHundredMillionIsValidationFailed()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");

        foreach (var amount in new[] { 0L, -1L, -10000L, 100_000_001L, long.MaxValue, long.MinValue })
            await ProblemAssert.ValidationAsync(await pos.PostTopUpAsync(cardNo, new { amount, storeId = "S001" }, PosClient.NewKey()), "amount");
        await ProblemAssert.ValidationAsync(await pos.PostTopUpAsync(cardNo, new { storeId = "S001" }, PosClient.NewKey()), "amount");
        await ProblemAssert.ValidationAsync(await pos.PostTopUpAsync(cardNo, new { amount = 100 }, PosClient.NewKey()), "storeId");

        Assert.Equal(0, (await pos.GetCardAsync(cardNo)).Long("balance"));
        Assert.Empty(await pos.ReadLedgerAsync(cardNo));
    }
}

public sealed class SqliteTopUpApiTests : TopUpApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
