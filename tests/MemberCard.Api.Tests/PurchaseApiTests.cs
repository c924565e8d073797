using System.Net;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>POST /cards/{cardNo}/purchases: balance, points earned on money, points redeemed, refusals.</summary>
public abstract class PurchaseApiTests : ApiTests
{
    [StorageFact]
    public async Task PurchaseFromBalanceChargesItAndEarnsAPointPerYuan()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 20000, "S001"); // +2000 bonus → 22000

        var purchase = await PosClient.ExpectAsync(
            await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("A-1001", "S001", 5000, 5000)), HttpStatusCode.Created);

        Assert.Matches("^[0-9a-f]{32}$", purchase.Text("transactionId"));
        Assert.Equal("purchase", purchase.Text("type"));
        Assert.Equal("A-1001", purchase.Text("orderNo"));
        Assert.Equal(5000, purchase.Long("amount"));
        Assert.Equal(0, purchase.Long("discount"));
        Assert.Equal(0, purchase.Long("pointsRedeemed"));
        Assert.Equal(5000, purchase.Long("balanceCharged"));
        Assert.Equal(50, purchase.Long("pointsEarned"));
        Assert.Equal(17000, purchase.Long("balance"));
        Assert.Equal(50, purchase.Long("points"));
        purchase.Timestamp("createdAt");
        var card = await pos.GetCardAsync(cardNo);
        Assert.Equal(17000, card.Long("balance"));
        Assert.Equal(50, card.Long("points"));
        var entry = (await pos.ReadLedgerAsync(cardNo))[0];
        Assert.Equal(purchase.Text("transactionId"), entry.Text("transactionId"));
        Assert.Equal("purchase", entry.Text("type"));
        Assert.Equal("A-1001", entry.Text("orderNo"));
        Assert.Equal(5000, entry.Long("amount"));
        Assert.Equal(-5000, entry.Long("balanceDelta"));
        Assert.Equal(50, entry.Long("pointsDelta"));
        Assert.Equal(17000, entry.Long("balance"));
        Assert.Equal(50, entry.Long("points"));
        Assert.Equal("S001", entry.Text("storeId"));
    }

    [StorageFact]
    public async Task PointsAreEarnedOnMoneyPaidOutsideTheCardAndFractionsAreDropped()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 5000, "S001");

        var mixed = await pos.PurchaseAsync(cardNo, "M-1", "S001", amount: 10000, balanceAmount: 3000);
        var cash = await pos.PurchaseAsync(cardNo, "M-2", "S001", amount: 199, balanceAmount: 0);

        Assert.Equal(3000, mixed.Long("balanceCharged"));
        Assert.Equal(100, mixed.Long("pointsEarned"));
        Assert.Equal(2000, mixed.Long("balance"));
        Assert.Equal(0, cash.Long("balanceCharged"));
        Assert.Equal(1, cash.Long("pointsEarned"));
        Assert.Equal(2000, cash.Long("balance"));
        Assert.Equal(101, cash.Long("points"));
    }

    [StorageFact]
    public async Task RedeemedPointsDiscountTheOrderAndEarnNothingThemselves()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 20000, "S001"); // → 22000
        await pos.PurchaseAsync(cardNo, "P-1", "S001", 15000, 15000); // → 7000, 150 points

        var redeemed = await pos.PurchaseAsync(cardNo, "P-2", "S001", amount: 5000, balanceAmount: 4850, pointsToRedeem: 150);

        Assert.Equal(5000, redeemed.Long("amount"));
        Assert.Equal(150, redeemed.Long("discount"));
        Assert.Equal(150, redeemed.Long("pointsRedeemed"));
        Assert.Equal(4850, redeemed.Long("balanceCharged"));
        Assert.Equal(48, redeemed.Long("pointsEarned"));
        Assert.Equal(2150, redeemed.Long("balance"));
        Assert.Equal(48, redeemed.Long("points"));
        var entry = (await pos.ReadLedgerAsync(cardNo))[0];
        Assert.Equal(-4850, entry.Long("balanceDelta"));
        Assert.Equal(48 - 150, entry.Long("pointsDelta"));

        var allPoints = await pos.PurchaseAsync(cardNo, "P-3", "S001", amount: 48, balanceAmount: 0, pointsToRedeem: 48);

        Assert.Equal(48, allPoints.Long("discount"));
        Assert.Equal(0, allPoints.Long("pointsEarned"));
        Assert.Equal(0, allPoints.Long("points"));
        Assert.Equal(2150, allPoints.Long("balance"));
    }

    [StorageFact]
    public async Task InsufficientBalanceOrPointsChargesNothingAndLeavesTheOrderNoFree()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 5000, "S001");
        await pos.PurchaseAsync(cardNo, "P-0", "S001", 1000, 1000); // → 4000, 10 points
        var before = await pos.SnapshotAsync(cardNo);

        await ProblemAssert.IsAsync(
            await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("P-1", "S001", 4001, 4001)), HttpStatusCode.Conflict, "insufficient_balance");
        await ProblemAssert.IsAsync(
            await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("P-1", "S001", 1000, 0, pointsToRedeem: 11)), HttpStatusCode.Conflict, "insufficient_points");

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
        var paid = await pos.PurchaseAsync(cardNo, "P-1", "S001", 4000, 3990, pointsToRedeem: 10);
        Assert.Equal(10, paid.Long("balance"));
        Assert.Equal(39, paid.Long("points"));
    }

    [StorageFact]
    public async Task BalanceAmountAboveWhatIsLeftToPayIsValidationFailed()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 20000, "S001");
        await pos.PurchaseAsync(cardNo, "P-0", "S001", 10000, 10000); // → 12000, 100 points
        var before = await pos.SnapshotAsync(cardNo);

        // amount − discount is 5000 − 100 = 4900.
        await ProblemAssert.ValidationAsync(
            await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("P-1", "S001", 5000, 4901, pointsToRedeem: 100)), "balanceAmount");
        await ProblemAssert.ValidationAsync(await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("P-1", "S001", 5000, 5001)), "balanceAmount");
        // Points worth more than the whole order.
        await ProblemAssert.ValidationAsync(
            await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("P-1", "S001", 50, 0, pointsToRedeem: 51)), "pointsToRedeem");

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
        var exact = await pos.PurchaseAsync(cardNo, "P-1", "S001", 5000, 4900, pointsToRedeem: 100);
        Assert.Equal(7100, exact.Long("balance"));
    }

    [StorageFact]
    public async Task UnknownCouponCodeIsNotFoundAndChargesNothing()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 5000, "S001");
        var before = await pos.SnapshotAsync(cardNo);

        await ProblemAssert.IsAsync(await pos.PostPurchaseAsync(cardNo, new
        {
            orderNo = "C-1", storeId = "S001", amount = 1000, balanceAmount = 1000, pointsToRedeem = 0, couponCode = "SAVE10",
        }), HttpStatusCode.NotFound, "coupon_not_found");

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
    }

    [StorageFact]
    public async Task InvalidPurchaseFieldsAreValidationFailedAndChargeNothing()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 5000, "S001");
        var before = await pos.SnapshotAsync(cardNo);

        var invalid = new (object Body, string Field)[]
        {
            (new { storeId = "S001", amount = 100, balanceAmount = 100 }, "orderNo"),
            (new { orderNo = "  ", storeId = "S001", amount = 100, balanceAmount = 100 }, "orderNo"),
            (new { orderNo = new string('o', 65), storeId = "S001", amount = 100, balanceAmount = 100 }, "orderNo"),
            (new { orderNo = "line\nbreak", storeId = "S001", amount = 100, balanceAmount = 100 }, "orderNo"),
            (new { orderNo = "X-1", amount = 100, balanceAmount = 100 }, "storeId"),
            (new { orderNo = "X-1", storeId = "S001", balanceAmount = 100 }, "amount"),
            (new { orderNo = "X-1", storeId = "S001", amount = 0, balanceAmount = 0 }, "amount"),
            (new { orderNo = "X-1", storeId = "S001", amount = -100, balanceAmount = 0 }, "amount"),
            (new { orderNo = "X-1", storeId = "S001", amount = 10_000_000_001, balanceAmount = 0 }, "amount"),
            (new { orderNo = "X-1", storeId = "S001", amount = 100, balanceAmount = -1 }, "balanceAmount"),
            (new { orderNo = "X-1", storeId = "S001", amount = 100, balanceAmount = 0, pointsToRedeem = -1 }, "pointsToRedeem"),
            (new { orderNo = "X-1", storeId = "S001", amount = 100, balanceAmount = 0, pointsToRedeem = long.MaxValue }, "pointsToRedeem"),
        };
        foreach (var (body, field) in invalid)
            await ProblemAssert.ValidationAsync(await pos.PostPurchaseAsync(cardNo, body), field);

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
    }

    [StorageFact]
    public async Task PurchaseAtUnknownStoreIsStoreNotFound()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 5000, "S001");

        await ProblemAssert.IsAsync(
            await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("A-1", "S404", 1000, 1000)), HttpStatusCode.NotFound, "store_not_found");

        Assert.Equal(5000, (await pos.GetCardAsync(cardNo)).Long("balance"));
    }
}

public sealed class SqlitePurchaseApiTests : PurchaseApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
