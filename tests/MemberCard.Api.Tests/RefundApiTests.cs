using System.Net;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>POST /cards/{cardNo}/refunds: proportional shares, exact totals, refusals.</summary>
public abstract class RefundApiTests : ApiTests
{
    [StorageFact]
    public async Task FullRefundReturnsBalanceReversesEarnedPointsAndRestoresRedeemedPointsOnce()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 20000, "S001"); // → 22000
        await pos.PurchaseAsync(cardNo, "A-1", "S001", 20000, 20000); // → 2000, 200 points
        // Discount 150, 2000 from balance, 2850 paid outside; 48 points earned on the 4850 paid in money.
        await pos.PurchaseAsync(cardNo, "B-1", "S001", amount: 5000, balanceAmount: 2000, pointsToRedeem: 150); // → 0, 98 points
        var key = PosClient.NewKey();

        var response = await pos.PostRefundAsync(cardNo, PosClient.Refund("B-1", "S001", amount: null), key);

        var refundText = await response.Content.ReadAsStringAsync();
        var refund = await PosClient.ExpectAsync(response, HttpStatusCode.Created);
        Assert.Matches("^[0-9a-f]{32}$", refund.Text("transactionId"));
        Assert.Equal("refund", refund.Text("type"));
        Assert.Equal("B-1", refund.Text("orderNo"));
        Assert.Equal(5000, refund.Long("amount"));
        Assert.Equal(2000, refund.Long("balanceRefunded"));
        Assert.Equal(48, refund.Long("pointsReversed"));
        Assert.Equal(150, refund.Long("pointsRestored"));
        Assert.Equal(2000, refund.Long("balance"));
        Assert.Equal(200, refund.Long("points"));
        refund.Timestamp("createdAt");

        var replay = await pos.PostRefundAsync(cardNo, PosClient.Refund("B-1", "S001", amount: null), key);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(refundText, await replay.Content.ReadAsStringAsync());
        await ProblemAssert.IsAsync(
            await pos.PostRefundAsync(cardNo, PosClient.Refund("B-1", "S001", amount: null), PosClient.NewKey()), HttpStatusCode.Conflict, "refund_exceeds_purchase");
        await ProblemAssert.IsAsync(
            await pos.PostRefundAsync(cardNo, PosClient.Refund("B-1", "S001", amount: 1), PosClient.NewKey()), HttpStatusCode.Conflict, "refund_exceeds_purchase");

        var card = await pos.GetCardAsync(cardNo);
        Assert.Equal(2000, card.Long("balance"));
        Assert.Equal(200, card.Long("points"));
        var ledger = await pos.ReadLedgerAsync(cardNo);
        Assert.Equal(4, ledger.Count);
        Assert.Equal("refund", ledger[0].Text("type"));
        Assert.Equal("B-1", ledger[0].Text("orderNo"));
        Assert.Equal(2000, ledger[0].Long("balanceDelta"));
        Assert.Equal(150 - 48, ledger[0].Long("pointsDelta"));
    }

    [StorageFact]
    public async Task PartialRefundsOfAnOddAmountAddUpExactlyToThePurchase()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 20000, "S001"); // → 22000
        await pos.PurchaseAsync(cardNo, "P-0", "S001", 10000, 10000); // → 12000, 100 points
        // 10001 total: 100 off with points, 9901 from balance; 99 points earned.
        await pos.PurchaseAsync(cardNo, "P-1", "S001", amount: 10001, balanceAmount: 9901, pointsToRedeem: 100); // → 2099, 99 points

        var first = await pos.RefundAsync(cardNo, "P-1", "S001", 3333);
        var second = await pos.RefundAsync(cardNo, "P-1", "S001", 3333);
        var last = await pos.RefundAsync(cardNo, "P-1", "S001", 3335);

        // Shares are cut on the running total: floor(total × refunded so far / 10001), differenced.
        Assert.Equal([3333L, 3333L, 3335L], new[] { first, second, last }.Select(r => r.Long("amount")));
        Assert.Equal([3299L, 3300L, 3302L], new[] { first, second, last }.Select(r => r.Long("balanceRefunded")));
        Assert.Equal([33L, 33L, 34L], new[] { first, second, last }.Select(r => r.Long("pointsRestored")));
        Assert.Equal([32L, 33L, 34L], new[] { first, second, last }.Select(r => r.Long("pointsReversed")));
        Assert.Equal([5398L, 8698L, 12000L], new[] { first, second, last }.Select(r => r.Long("balance")));
        Assert.Equal([100L, 100L, 100L], new[] { first, second, last }.Select(r => r.Long("points")));
        await ProblemAssert.IsAsync(
            await pos.PostRefundAsync(cardNo, PosClient.Refund("P-1", "S001", 1), PosClient.NewKey()), HttpStatusCode.Conflict, "refund_exceeds_purchase");
        var card = await pos.GetCardAsync(cardNo);
        Assert.Equal(12000, card.Long("balance"));
        Assert.Equal(100, card.Long("points"));
    }

    [StorageFact]
    public async Task RefundWithoutAmountRefundsWhatIsLeft()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 5000, "S001");
        await pos.PurchaseAsync(cardNo, "R-1", "S001", 5000, 5000); // → 0, 50 points
        await pos.RefundAsync(cardNo, "R-1", "S001", 1200);

        var rest = await pos.RefundAsync(cardNo, "R-1", "S001", amount: null);

        Assert.Equal(3800, rest.Long("amount"));
        Assert.Equal(3800, rest.Long("balanceRefunded"));
        Assert.Equal(38, rest.Long("pointsReversed"));
        Assert.Equal(5000, rest.Long("balance"));
        Assert.Equal(0, rest.Long("points"));
    }

    [StorageFact]
    public async Task RefundPastThePurchaseIsRefusedAndChangesNothing()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 5000, "S001");
        await pos.PurchaseAsync(cardNo, "R-1", "S001", 5000, 5000);
        var before = await pos.SnapshotAsync(cardNo);

        var problem = await ProblemAssert.IsAsync(
            await pos.PostRefundAsync(cardNo, PosClient.Refund("R-1", "S001", 5001), PosClient.NewKey()), HttpStatusCode.Conflict, "refund_exceeds_purchase");

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
        Assert.Contains("5000", problem.Text("detail"));
        await pos.RefundAsync(cardNo, "R-1", "S001", 5000);
    }

    [StorageFact]
    public async Task RefundOfAnOrderThisCardDidNotPayIsOrderNotFound()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        await pos.CreateStoreAsync("S002");
        var payer = await pos.NewCardAsync("S001");
        var other = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(payer, 5000, "S001");
        await pos.TopUpAsync(other, 5000, "S001");
        await pos.PurchaseAsync(payer, "O-1", "S001", 1000, 1000);
        var before = await pos.SnapshotAsync(other);

        await ProblemAssert.IsAsync(
            await pos.PostRefundAsync(payer, PosClient.Refund("NOPE", "S001", null), PosClient.NewKey()), HttpStatusCode.NotFound, "order_not_found");
        // The same order number at another store is another order.
        await ProblemAssert.IsAsync(
            await pos.PostRefundAsync(payer, PosClient.Refund("O-1", "S002", null), PosClient.NewKey()), HttpStatusCode.NotFound, "order_not_found");
        await ProblemAssert.IsAsync(
            await pos.PostRefundAsync(other, PosClient.Refund("O-1", "S001", null), PosClient.NewKey()), HttpStatusCode.NotFound, "order_not_found");
        await ProblemAssert.IsAsync(
            await pos.PostRefundAsync(payer, PosClient.Refund("O-1", "S404", null), PosClient.NewKey()), HttpStatusCode.NotFound, "store_not_found");

        Assert.Equal(before, await pos.SnapshotAsync(other));
        Assert.Equal(4000, (await pos.GetCardAsync(payer)).Long("balance"));
    }

    [StorageFact]
    public async Task RefundWithoutOrWithMalformedIdempotencyKeyOrBadFieldsIsValidationFailed()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 5000, "S001");
        await pos.PurchaseAsync(cardNo, "R-1", "S001", 5000, 5000);
        var before = await pos.SnapshotAsync(cardNo);

        await ProblemAssert.ValidationAsync(await pos.PostRefundAsync(cardNo, PosClient.Refund("R-1", "S001", null), null), "Idempotency-Key");
        await ProblemAssert.ValidationAsync(
            await pos.PostRefundAsync(cardNo, PosClient.Refund("R-1", "S001", null), new string('k', 65)), "Idempotency-Key");
        await ProblemAssert.ValidationAsync(
            await pos.PostRefundAsync(cardNo, PosClient.Refund("R-1", "S001", null), "ctl\u0001key"), "Idempotency-Key");
        await ProblemAssert.ValidationAsync(await pos.PostRefundAsync(cardNo, PosClient.Refund("R-1", "S001", 0), PosClient.NewKey()), "amount");
        await ProblemAssert.ValidationAsync(await pos.PostRefundAsync(cardNo, PosClient.Refund("R-1", "S001", -5), PosClient.NewKey()), "amount");
        await ProblemAssert.ValidationAsync(await pos.PostRefundAsync(cardNo, new { storeId = "S001" }, PosClient.NewKey()), "orderNo");
        await ProblemAssert.ValidationAsync(await pos.PostRefundAsync(cardNo, new { orderNo = "R-1" }, PosClient.NewKey()), "storeId");

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
    }
}

public sealed class SqliteRefundApiTests : RefundApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
