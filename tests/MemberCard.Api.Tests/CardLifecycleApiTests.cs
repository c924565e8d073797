using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>Report lost → replace, and close: what moves, what is refused, both ledgers, idempotency.</summary>
public abstract class CardLifecycleApiTests : ApiTests
{
    [StorageFact]
    public async Task ReplacementTakesBalanceLotsAndTierAndTheLostCardRefusesEverything()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var member = (await pos.RegisterMemberAsync("S001")).Text("memberId");
        var oldNo = (await pos.IssueCardAsync(member)).Text("cardNo");
        await pos.TopUpAsync(oldNo, 10_000, "S001");
        await pos.PurchaseAsync(oldNo, "L-1", "S001", 1_000, 1_000);
        await pos.PostJsonAsync($"/api/v1/cards/{oldNo}/freeze", new { reason = "lost" }, HttpStatusCode.OK);
        var lotsBefore = (await pos.GetCardAsync(oldNo)).Field("pointLots").GetRawText();

        var replacement = await pos.PostJsonAsync($"/api/v1/cards/{oldNo}/replace", new { reason = "lost on the metro" }, HttpStatusCode.Created);
        var newNo = replacement.Text("cardNo");
        Assert.NotEqual(oldNo, newNo);
        Assert.Equal(("active", 11_000L, 9_000L, 2_000L, 10L, oldNo), (replacement.Text("status"), replacement.Long("balance"),
            replacement.Long("principal"), replacement.Long("bonusBalance"), replacement.Long("points"), replacement.Text("replacedFrom")));
        Assert.Equal(lotsBefore, replacement.Field("pointLots").GetRawText());
        var old = await pos.GetCardAsync(oldNo);
        Assert.Equal(("closed", newNo, 0L, 0L), (old.Text("status"), old.Text("replacedBy"), old.Long("balance"), old.Long("points")));

        await ProblemAssert.IsAsync(await pos.PostTopUpAsync(oldNo, new { amount = 100, storeId = "S001" }, PosClient.NewKey()), HttpStatusCode.Conflict, "card_closed");
        await ProblemAssert.IsAsync(await pos.PostPurchaseAsync(oldNo, PosClient.Purchase("L-2", "S001", 100, 0)), HttpStatusCode.Conflict, "card_closed");
        await ProblemAssert.IsAsync(await pos.PostRefundAsync(oldNo, PosClient.Refund("L-1", "S001", null), PosClient.NewKey()), HttpStatusCode.Conflict, "card_closed");
        await ProblemAssert.IsAsync(await pos.Http.PostAsJsonAsync($"/api/v1/cards/{oldNo}/unfreeze", new { reason = "found" }), HttpStatusCode.Conflict, "card_closed");
        await ProblemAssert.IsAsync(await pos.Http.PostAsJsonAsync($"/api/v1/cards/{oldNo}/close", new { }), HttpStatusCode.Conflict, "card_closed");

        var again = await pos.PostJsonAsync($"/api/v1/cards/{oldNo}/replace", new { reason = "lost on the metro" }, HttpStatusCode.Created);
        Assert.Equal((newNo, 11_000L), (again.Text("cardNo"), again.Long("balance")));

        var outgoing = (await pos.ReadLedgerAsync(oldNo))[0];
        Assert.Equal(("transfer_out", newNo, -9_000L, -2_000L, -10L), (outgoing.Text("type"), outgoing.Text("relatedCardNo"),
            outgoing.Long("principalDelta"), outgoing.Long("bonusDelta"), outgoing.Long("pointsDelta")));
        var incoming = Assert.Single(await pos.ReadLedgerAsync(newNo));
        Assert.Equal(("transfer_in", oldNo, 9_000L, 2_000L, 10L), (incoming.Text("type"), incoming.Text("relatedCardNo"),
            incoming.Long("principalDelta"), incoming.Long("bonusDelta"), incoming.Long("pointsDelta")));
        await pos.AssertLedgerSumsAsync(oldNo);
        await pos.AssertLedgerSumsAsync(newNo);

        var cards = (await pos.GetJsonAsync($"/api/v1/members/{member}/cards")).Field("items").EnumerateArray().ToList();
        Assert.Equal([$"{oldNo}:closed", $"{newNo}:active"], cards.Select(c => $"{c.Text("cardNo")}:{c.Text("status")}"));
        var spent = await pos.PurchaseAsync(newNo, "L-3", "S001", 500, 490, pointsToRedeem: 10);
        Assert.Equal((10_510L, 4L), (spent.Long("balance"), spent.Long("points")));
    }

    [StorageFact]
    public async Task AnOrderPaidWithALostCardIsRefundedToTheCardThatReplacedIt()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var member = (await pos.RegisterMemberAsync("S001")).Text("memberId");
        var firstNo = (await pos.IssueCardAsync(member)).Text("cardNo");
        await pos.TopUpAsync(firstNo, 5_000, "S001");
        var earned = (await pos.PurchaseAsync(firstNo, "R-1", "S001", 3_000, 3_000)).Long("pointsEarned");
        await pos.RefundAsync(firstNo, "R-1", "S001", 1_000);
        var secondNo = (await pos.PostJsonAsync($"/api/v1/cards/{firstNo}/replace", new { }, HttpStatusCode.Created)).Text("cardNo");
        var before = await pos.GetCardAsync(secondNo);

        var refund = await pos.RefundAsync(secondNo, "R-1", "S001", 1_500);

        Assert.Equal((1_500L, 1_500L, before.Long("balance") + 1_500), (refund.Long("amount"), refund.Long("balanceRefunded"), refund.Long("balance")));
        Assert.True(earned > 0);
        Assert.Equal(earned / 2, refund.Long("pointsReversed")); // out of the order's own lot, which moved with the card
        var entry = (await pos.ReadLedgerAsync(secondNo))[0];
        Assert.Equal(("refund", firstNo), (entry.Text("type"), entry.Text("relatedCardNo")));
        await pos.AssertLedgerSumsAsync(secondNo);
        // A second replacement: the rest of the order is still found two cards back, and no more than the rest.
        var thirdNo = (await pos.PostJsonAsync($"/api/v1/cards/{secondNo}/replace", new { }, HttpStatusCode.Created)).Text("cardNo");
        await ProblemAssert.IsAsync(await pos.PostRefundAsync(thirdNo, PosClient.Refund("R-1", "S001", 600), PosClient.NewKey()),
            HttpStatusCode.Conflict, "refund_exceeds_purchase");
        Assert.Equal(500L, (await pos.RefundAsync(thirdNo, "R-1", "S001", null)).Long("amount"));
        await ProblemAssert.IsAsync(await pos.PostRefundAsync(thirdNo, PosClient.Refund("R-9", "S001", null), PosClient.NewKey()),
            HttpStatusCode.NotFound, "order_not_found");
        await pos.AssertLedgerSumsAsync(thirdNo);
    }

    [StorageFact]
    public async Task ConcurrentReplacementsOfOneLostCardAgreeOnOneNewCard()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 5_000, "S001");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            pos.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/replace", new { reason = "lost" })));
        var numbers = new HashSet<string>();
        foreach (var r in responses) numbers.Add((await PosClient.ExpectAsync(r, HttpStatusCode.Created)).Text("cardNo"));

        var newNo = Assert.Single(numbers);
        Assert.Equal(5_000, (await pos.GetCardAsync(newNo)).Long("balance"));
        Assert.Single(await pos.ReadLedgerAsync(newNo));
        Assert.Single(await pos.ReadLedgerAsync(cardNo), e => e.Text("type") == "transfer_out");
    }

    [StorageFact]
    public async Task ClosingRefundsPrincipalForfeitsBonusAndPointsOnce()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var cardNo = await admin.NewCardAsync("S001");
        await admin.TopUpAsync(cardNo, 10_000, "S001");
        await admin.PurchaseAsync(cardNo, "C-1", "S001", 3_000, 3_000);

        var closing = await admin.PostJsonAsync($"/api/v1/cards/{cardNo}/close", new { reason = "member moved away" }, HttpStatusCode.OK);
        Assert.Equal(("closing", -7_000L, -2_000L, -30L, 0L, 7_000L), (closing.Text("type"), closing.Long("principalDelta"),
            closing.Long("bonusDelta"), closing.Long("pointsDelta"), closing.Long("balance"), closing.Long("amount")));
        Assert.Contains("forfeited", closing.Text("reason"));
        var repeat = await admin.PostJsonAsync($"/api/v1/cards/{cardNo}/close", new { }, HttpStatusCode.OK);
        Assert.Equal(closing.Text("transactionId"), repeat.Text("transactionId"));
        Assert.Equal("closed", (await admin.GetCardAsync(cardNo)).Text("status"));
        await ProblemAssert.IsAsync(await admin.PostTopUpAsync(cardNo, new { amount = 100, storeId = "S001" }, PosClient.NewKey()), HttpStatusCode.Conflict, "card_closed");
        await admin.AssertLedgerSumsAsync(cardNo);
    }
}

public sealed class SqliteCardLifecycleApiTests : CardLifecycleApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
