using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>Issuing cards, card lookups, freeze and unfreeze.</summary>
public abstract class CardApiTests : ApiTests
{
    [StorageFact]
    public async Task IssuedCardIsActiveAndEmptyAndCanBeReadBack()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        var memberId = (await pos.RegisterMemberAsync()).Text("memberId");

        var response = await pos.Http.PostAsJsonAsync($"/api/v1/members/{memberId}/cards", new { });

        var card = await PosClient.ExpectAsync(response, HttpStatusCode.Created);
        var cardNo = card.Text("cardNo");
        Assert.Matches("^[0-9]+$", cardNo);
        Assert.Equal($"/api/v1/cards/{cardNo}", response.Headers.Location?.OriginalString);
        Assert.Equal(memberId, card.Text("memberId"));
        Assert.Equal("active", card.Text("status"));
        Assert.Equal(0, card.Long("balance"));
        Assert.Equal(0, card.Long("points"));
        Assert.Equal("standard", card.Text("tier"));
        card.Timestamp("createdAt");
        Assert.Equal(card.GetRawText(), (await pos.GetCardAsync(cardNo)).GetRawText());
        Assert.Empty(await pos.ReadLedgerAsync(cardNo));
    }

    [StorageFact]
    public async Task EveryIssuedCardGetsItsOwnNumber()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        var memberId = (await pos.RegisterMemberAsync()).Text("memberId");

        var cards = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => pos.IssueCardAsync(memberId)));

        Assert.Equal(5, cards.Select(c => c.Text("cardNo")).Distinct().Count());
        foreach (var card in cards) Assert.Equal(memberId, (await pos.GetCardAsync(card.Text("cardNo"))).Text("memberId"));
    }

    [StorageFact]
    public async Task UnknownCardIsCardNotFoundEverywhere()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var ids = new[] { "1234567812345678", "1234", "..%2Fx", new string('9', 33), new string('1', 4000), "%E5%8D%A1%E5%8F%B7", "12345678%20" };

        foreach (var cardNo in ids)
        {
            await ProblemAssert.IsAsync(await pos.Http.GetAsync($"/api/v1/cards/{cardNo}"), HttpStatusCode.NotFound, "card_not_found");
            await ProblemAssert.IsAsync(await pos.Http.GetAsync($"/api/v1/cards/{cardNo}/transactions"), HttpStatusCode.NotFound, "card_not_found");
            await ProblemAssert.IsAsync(
                await pos.PostTopUpAsync(cardNo, new { amount = 100, storeId = "S001" }, PosClient.NewKey()), HttpStatusCode.NotFound, "card_not_found");
            await ProblemAssert.IsAsync(
                await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("A-1", "S001", 100, 0)), HttpStatusCode.NotFound, "card_not_found");
            await ProblemAssert.IsAsync(
                await pos.PostRefundAsync(cardNo, PosClient.Refund("A-1", "S001", null), PosClient.NewKey()), HttpStatusCode.NotFound, "card_not_found");
            await ProblemAssert.IsAsync(
                await pos.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/freeze", new { reason = "lost" }), HttpStatusCode.NotFound, "card_not_found");
            await ProblemAssert.IsAsync(
                await pos.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/unfreeze", new { reason = "found" }), HttpStatusCode.NotFound, "card_not_found");
        }
    }

    [StorageFact]
    public async Task FrozenCardRefusesTopUpsAndPurchasesButCanBeReadUntilUnfrozen()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 5000, "S001");

        var frozen = await PosClient.ExpectAsync(
            await pos.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/freeze", new { reason = "reported lost" }), HttpStatusCode.OK);

        Assert.Equal("frozen", frozen.Text("status"));
        Assert.Equal(5000, frozen.Long("balance"));
        var before = await pos.SnapshotAsync(cardNo);
        await ProblemAssert.IsAsync(
            await pos.PostTopUpAsync(cardNo, new { amount = 1000, storeId = "S001" }, PosClient.NewKey()), HttpStatusCode.Conflict, "card_frozen");
        await ProblemAssert.IsAsync(
            await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("F-1", "S001", 1000, 1000)), HttpStatusCode.Conflict, "card_frozen");
        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
        Assert.Equal("frozen", (await pos.GetCardAsync(cardNo)).Text("status"));
        // Freezing again is harmless.
        Assert.Equal("frozen", (await PosClient.ExpectAsync(
            await pos.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/freeze", new { reason = "again" }), HttpStatusCode.OK)).Text("status"));

        var unfrozen = await PosClient.ExpectAsync(
            await pos.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/unfreeze", new { reason = "found it" }), HttpStatusCode.OK);

        Assert.Equal("active", unfrozen.Text("status"));
        await pos.TopUpAsync(cardNo, 1000, "S001");
        // The order refused while frozen was not used up.
        await pos.PurchaseAsync(cardNo, "F-1", "S001", 1000, 1000);
        var after = await pos.GetCardAsync(cardNo);
        Assert.Equal(5000, after.Long("balance"));
        Assert.Equal(10, after.Long("points"));
    }

    [StorageFact]
    public async Task FreezeReasonIsOptionalButMustBeSane()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");

        await ProblemAssert.ValidationAsync(
            await pos.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/freeze", new { reason = new string('r', 201) }), "reason");
        Assert.Equal("active", (await pos.GetCardAsync(cardNo)).Text("status"));

        var frozen = await PosClient.ExpectAsync(await pos.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/freeze", new { }), HttpStatusCode.OK);
        Assert.Equal("frozen", frozen.Text("status"));
    }
}

public sealed class SqliteCardApiTests : CardApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
