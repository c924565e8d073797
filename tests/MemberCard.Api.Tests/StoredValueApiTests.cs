using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>Principal (本金) and bonus (赠送金) kept apart: top-up, spending order, refunds, bonus restrictions.</summary>
public abstract class StoredValueApiTests : ApiTests
{
    [StorageFact]
    public async Task PrincipalPaysFirstAndRefundsReturnEachPartWhereItCameFrom()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");

        var topUp = await pos.TopUpAsync(cardNo, 10_000, "S001"); // 充100送20
        Assert.Equal((2_000, 12_000, 10_000, 2_000), (topUp.Long("bonus"), topUp.Long("balance"), topUp.Long("principal"), topUp.Long("bonusBalance")));

        var purchase = await pos.PurchaseAsync(cardNo, "A-1", "S001", 11_000, 11_000);
        Assert.Equal((10_000, 1_000, 1_000), (purchase.Long("principalCharged"), purchase.Long("bonusCharged"), purchase.Long("balance")));

        var refund = await pos.RefundAsync(cardNo, "A-1", "S001", 5_500);
        Assert.Equal((5_500, 5_000, 500), (refund.Long("balanceRefunded"), refund.Long("principalRefunded"), refund.Long("bonusRefunded")));
        var rest = await pos.RefundAsync(cardNo, "A-1", "S001", null);
        Assert.Equal((5_000, 500), (rest.Long("principalRefunded"), rest.Long("bonusRefunded")));

        var card = await pos.GetCardAsync(cardNo);
        Assert.Equal((12_000, 10_000, 2_000), (card.Long("balance"), card.Long("principal"), card.Long("bonusBalance")));
        var ledger = await pos.ReadLedgerAsync(cardNo);
        Assert.Equal(["refund", "refund", "purchase", "top_up"], ledger.Select(e => e.Text("type")));
        Assert.Equal((10_000, 2_000), (ledger[3].Long("principalDelta"), ledger[3].Long("bonusDelta")));
        Assert.Equal((-10_000, -1_000), (ledger[2].Long("principalDelta"), ledger[2].Long("bonusDelta")));
        await pos.AssertLedgerSumsAsync(cardNo);
    }

    [StorageFact]
    public async Task BonusMoneyPaysOnlyAtTheStoresTheProductAllows()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.CreateStoreAsync("S002");
        var restricted = new
        {
            productId = "standard", name = "Standard", storedValue = true, points = true, tiers = true, balanceCap = 500_000,
            topUpBonus = new[] { new { minAmount = 10_000, bonus = 2_000 } }, bonusStores = new[] { "S001" },
        };
        await admin.PublishAsync(DomainApi.RuleSet(products: [restricted]));
        var cardNo = await admin.NewCardAsync("S001");
        await admin.TopUpAsync(cardNo, 10_000, "S001");
        var before = await admin.SnapshotAsync(cardNo);

        await ProblemAssert.IsAsync(await admin.PostPurchaseAsync(cardNo, PosClient.Purchase("B-1", "S002", 11_000, 11_000)),
            HttpStatusCode.Conflict, "insufficient_balance");
        Assert.Equal(before, await admin.SnapshotAsync(cardNo));
        await admin.PurchaseAsync(cardNo, "B-2", "S002", 10_000, 10_000);
        var atHome = await admin.PurchaseAsync(cardNo, "B-3", "S001", 2_000, 2_000);
        Assert.Equal((0, 2_000, 0), (atHome.Long("principalCharged"), atHome.Long("bonusCharged"), atHome.Long("balance")));
        await admin.AssertLedgerSumsAsync(cardNo);
    }

    [StorageFact]
    public async Task CardProductsDecideCapsAndFeatures()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var gift = new
        {
            productId = "gift", name = "Anonymous gift card", storedValue = true, points = false, tiers = false, balanceCap = 100_000,
            topUpBonus = Array.Empty<object>(),
        };
        await admin.PublishAsync(DomainApi.RuleSet(products: [DomainApi.StandardProduct, gift]));
        var member = (await admin.RegisterMemberAsync("S001")).Text("memberId");
        var standard = (await admin.IssueCardAsync(member)).Text("cardNo");
        var giftCard = await admin.PostJsonAsync($"/api/v1/members/{member}/cards", new { productId = "gift" }, HttpStatusCode.Created);
        Assert.Equal("gift", giftCard.Text("productId"));
        var giftNo = giftCard.Text("cardNo");
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync($"/api/v1/members/{member}/cards", new { productId = "nope" }),
            HttpStatusCode.NotFound, "product_not_found");

        await ProblemAssert.IsAsync(await admin.PostTopUpAsync(giftNo, new { amount = 100_001, storeId = "S001" }, PosClient.NewKey()),
            HttpStatusCode.Conflict, "balance_cap_exceeded");
        await admin.TopUpAsync(giftNo, 100_000, "S001");
        await ProblemAssert.IsAsync(await admin.PostPurchaseAsync(giftNo, PosClient.Purchase("G-1", "S001", 1_000, 0, pointsToRedeem: 1)),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(0, (await admin.PurchaseAsync(giftNo, "G-2", "S001", 1_000, 1_000)).Long("pointsEarned"));

        var cards = await admin.GetJsonAsync($"/api/v1/members/{member}/cards");
        Assert.Equal([standard, giftNo], cards.Field("items").EnumerateArray().Select(c => c.Text("cardNo")));
    }
}

public sealed class SqliteStoredValueApiTests : StoredValueApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
