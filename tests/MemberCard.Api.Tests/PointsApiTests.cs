using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>Points lots: oldest first, expiry with ledger entries, refunds after partial redemption, admin adjustments.</summary>
public abstract class PointsApiTests : ApiTests
{
    [StorageFact]
    public async Task LotsAreSpentOldestFirstAndExpireWithLedgerEntriesOnce()
    {
        var clock = new FakeTimeProvider(DomainApi.Start); // 2026-01-01T00:00Z
        await using var app = await StartAsync(services: DomainApi.WithClock(clock));
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");

        await pos.PurchaseAsync(cardNo, "A-1", "S001", 10_000, 0); // lot A: 100, expires 2027-02-01
        clock.Advance(TimeSpan.FromDays(68)); // 2026-03-10
        await pos.PurchaseAsync(cardNo, "A-2", "S001", 5_000, 0); // lot B: 50, expires 2027-04-01
        clock.Advance(TimeSpan.FromDays(22)); // 2026-04-01
        await pos.PurchaseAsync(cardNo, "A-3", "S001", 3_000, 0, pointsToRedeem: 30); // from A; lot C: 29

        var lots = (await pos.GetCardAsync(cardNo)).Field("pointLots").EnumerateArray().ToList();
        Assert.Equal([70L, 50L, 29L], lots.Select(l => l.Long("remaining")));
        Assert.Equal(DateTimeOffset.Parse("2027-02-01T00:00:00Z"), lots[0].Timestamp("expiresAt"));

        clock.Advance(DateTimeOffset.Parse("2027-02-01T00:00:00Z") - clock.GetUtcNow());
        var expired = await pos.PostJsonAsync($"/api/v1/cards/{cardNo}/points-expiry", null, HttpStatusCode.OK);
        var entry = Assert.Single(expired.Field("items").EnumerateArray());
        Assert.Equal(("points_expiry", -70L, 79L), (entry.Text("type"), entry.Long("pointsDelta"), entry.Long("points")));
        Assert.Contains("expired", entry.Text("reason"));
        var again = await pos.PostJsonAsync($"/api/v1/cards/{cardNo}/points-expiry", null, HttpStatusCode.OK);
        Assert.Empty(again.Field("items").EnumerateArray());

        // Due lots expire by themselves before any points operation.
        clock.Advance(DateTimeOffset.Parse("2027-04-15T00:00:00Z") - clock.GetUtcNow());
        var purchase = await pos.PurchaseAsync(cardNo, "A-4", "S001", 100, 0);
        Assert.Equal(30, purchase.Long("points"));
        var ledger = await pos.ReadLedgerAsync(cardNo);
        Assert.Equal(["purchase", "points_expiry", "points_expiry", "purchase", "purchase", "purchase"], ledger.Select(e => e.Text("type")));
        Assert.Equal(-50, ledger[1].Long("pointsDelta"));
        await pos.AssertLedgerSumsAsync(cardNo);
    }

    [StorageFact]
    public async Task RefundAfterPartialRedemptionGivesSpentPointsBackToTheirLotAndReversesEarnedOnce()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        var first = await pos.PurchaseAsync(cardNo, "P-1", "S001", 10_000, 0); // lot L1: 100
        await pos.PurchaseAsync(cardNo, "P-2", "S001", 10_000, 0, pointsToRedeem: 60); // L1 → 40; lot L2: 99

        var half = await pos.RefundAsync(cardNo, "P-2", "S001", 5_000);
        Assert.Equal((30, 49, 120), (half.Long("pointsRestored"), half.Long("pointsReversed"), half.Long("points")));
        var rest = await pos.RefundAsync(cardNo, "P-2", "S001", null);
        Assert.Equal((30, 50, 100), (rest.Long("pointsRestored"), rest.Long("pointsReversed"), rest.Long("points")));

        var lot = Assert.Single((await pos.GetCardAsync(cardNo)).Field("pointLots").EnumerateArray());
        Assert.Equal((first.Text("transactionId"), 100L), (lot.Text("lotId"), lot.Long("remaining")));
        await ProblemAssert.IsAsync(await pos.PostRefundAsync(cardNo, PosClient.Refund("P-2", "S001", null), PosClient.NewKey()),
            HttpStatusCode.Conflict, "refund_exceeds_purchase");
        await pos.AssertLedgerSumsAsync(cardNo);
    }

    [StorageFact]
    public async Task ConcurrentRedemptionsNeverSpendALotTwice()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.PurchaseAsync(cardNo, "E-1", "S001", 6_000, 0); // 60 points
        await pos.PurchaseAsync(cardNo, "E-2", "S001", 4_000, 0); // 40 points

        // Each order of 10 points is paid entirely with points, so it earns none.
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            pos.PostPurchaseAsync(cardNo, PosClient.Purchase($"R-{i}", "S001", 10, 0, pointsToRedeem: 10))));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var card = await pos.GetCardAsync(cardNo);
        Assert.Equal(0, card.Long("points"));
        Assert.Empty(card.Field("pointLots").EnumerateArray());
        await pos.AssertLedgerSumsAsync(cardNo);
    }

    [StorageFact]
    public async Task AdminAdjustsPointsWithAReasonAndTheChangeIsAudited()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var cardNo = await admin.NewCardAsync("S001");
        var path = $"/api/v1/cards/{cardNo}/points-adjustments";

        var added = await admin.PostJsonAsync(path, new { points = 50, reason = "goodwill: late delivery" }, HttpStatusCode.Created);
        Assert.Equal(("points_adjustment", 50L, 50L, "goodwill: late delivery"),
            (added.Text("type"), added.Long("pointsDelta"), added.Long("points"), added.Text("reason")));
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync(path, new { points = -80, reason = "correction" }),
            HttpStatusCode.Conflict, "insufficient_points");
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync(path, new { points = 10 }), HttpStatusCode.BadRequest, "validation_failed");
        var removed = await admin.PostJsonAsync(path, new { points = -20, reason = "correction" }, HttpStatusCode.Created);
        Assert.Equal(30, removed.Long("points"));

        var audit = await admin.GetJsonAsync("/api/v1/audit?limit=10");
        Assert.Contains(audit.Field("items").EnumerateArray(), e => e.Text("action") == "card.points_adjustment" && e.Text("result") == "ok");
        await admin.AssertLedgerSumsAsync(cardNo);
    }
}

public sealed class SqlitePointsApiTests : PointsApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
