using Orleans;
using Orleans.Runtime;
using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Api.Tests;

/// <summary>Idempotency-Key replays and reuse, and order numbers unique per store.</summary>
public abstract class IdempotencyApiTests : ApiTests
{
    [StorageFact]
    public async Task TopUpTwiceWithSameKeyChargesOnceAndReplaysTheSameResponse()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        var key = PosClient.NewKey();

        var first = await pos.PostTopUpAsync(cardNo, new { amount = 10000, storeId = "S001" }, key);
        var second = await pos.PostTopUpAsync(cardNo, new { amount = 10000, storeId = "S001" }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(12000, (await pos.GetCardAsync(cardNo)).Long("balance"));
        Assert.Single(await pos.ReadLedgerAsync(cardNo));
    }

    [StorageFact]
    public async Task TwentyConcurrentCopiesOfOneTopUpHaveOneEffectAndIdenticalResponses()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        var key = PosClient.NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            pos.PostTopUpAsync(cardNo, new { amount = 10000, storeId = "S001" }, key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(12000, (await pos.GetCardAsync(cardNo)).Long("balance"));
        var entry = Assert.Single(await pos.ReadLedgerAsync(cardNo));
        Assert.Contains(entry.Text("transactionId"), bodies[0]);
    }

    [StorageFact]
    public async Task SameKeyWithADifferentBodyIsIdempotencyKeyReused()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        await pos.CreateStoreAsync("S002");
        var cardNo = await pos.NewCardAsync("S001");
        var topUpKey = PosClient.NewKey();
        var purchaseKey = PosClient.NewKey();
        var refundKey = PosClient.NewKey();
        await pos.TopUpAsync(cardNo, 5000, "S001", topUpKey);
        await PosClient.ExpectAsync(await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("K-1", "S001", 2000, 2000), purchaseKey), HttpStatusCode.Created);
        await pos.RefundAsync(cardNo, "K-1", "S001", 500, refundKey);
        var before = await pos.SnapshotAsync(cardNo);

        await ProblemAssert.IsAsync(
            await pos.PostTopUpAsync(cardNo, new { amount = 5001, storeId = "S001" }, topUpKey), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        await ProblemAssert.IsAsync(
            await pos.PostTopUpAsync(cardNo, new { amount = 5000, storeId = "S002" }, topUpKey), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        await ProblemAssert.IsAsync(
            await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("K-2", "S001", 100, 100), purchaseKey), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        await ProblemAssert.IsAsync(
            await pos.PostRefundAsync(cardNo, PosClient.Refund("K-1", "S001", 501), refundKey), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        // A key used for one operation cannot be reused for another.
        await ProblemAssert.IsAsync(
            await pos.PostRefundAsync(cardNo, PosClient.Refund("K-1", "S001", 500), topUpKey), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
    }

    [StorageFact]
    public async Task ReplaysStillAnswerAfterTheCardWasDrained()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        var topUpKey = PosClient.NewKey();
        var topUp = await pos.PostTopUpAsync(cardNo, new { amount = 10000, storeId = "S001" }, topUpKey);
        var topUpText = await topUp.Content.ReadAsStringAsync();
        var purchase = await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("D-1", "S001", 12000, 12000));
        var purchaseText = await purchase.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, purchase.StatusCode);
        Assert.Equal(0, (await pos.GetCardAsync(cardNo)).Long("balance"));

        // The purchase could not be afforded now, and the top-up would be a second credit: both replay instead.
        var purchaseAgain = await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("D-1", "S001", 12000, 12000));
        var topUpAgain = await pos.PostTopUpAsync(cardNo, new { amount = 10000, storeId = "S001" }, topUpKey);

        Assert.Equal(HttpStatusCode.Created, purchaseAgain.StatusCode);
        Assert.Equal(purchaseText, await purchaseAgain.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, topUpAgain.StatusCode);
        Assert.Equal(topUpText, await topUpAgain.Content.ReadAsStringAsync());
        var card = await pos.GetCardAsync(cardNo);
        Assert.Equal(0, card.Long("balance"));
        Assert.Equal(120, card.Long("points"));
        Assert.Equal(2, (await pos.ReadLedgerAsync(cardNo)).Count);
    }

    [StorageFact]
    public async Task ReplaysAreAnsweredFromStorageAfterTheCardWasDeactivated()
    {
        await using var app = await StartAsync(new Dictionary<string, string?>
        {
            ["Silo:CollectionAge"] = "00:00:00.200",
            ["Silo:CollectionQuantum"] = "00:00:00.100",
        });
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        var topUpKey = PosClient.NewKey();
        var refundKey = PosClient.NewKey();
        var topUp = await ReadAsync(await pos.PostTopUpAsync(cardNo, new { amount = 10000, storeId = "S001" }, topUpKey));
        var purchase = await ReadAsync(await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("D-1", "S001", 12000, 12000)));
        var refund = await ReadAsync(await pos.PostRefundAsync(cardNo, PosClient.Refund("D-1", "S001", 1000), refundKey));
        await WaitUntilEveryActivationIsCollectedAsync(app);

        // Nothing of these is in memory any more: the answers come from the claims in storage.
        Assert.Equal(topUp, await ReadAsync(await pos.PostTopUpAsync(cardNo, new { amount = 10000, storeId = "S001" }, topUpKey)));
        Assert.Equal(purchase, await ReadAsync(await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("D-1", "S001", 12000, 12000))));
        Assert.Equal(refund, await ReadAsync(await pos.PostRefundAsync(cardNo, PosClient.Refund("D-1", "S001", 1000), refundKey)));
        await WaitUntilEveryActivationIsCollectedAsync(app);
        await ProblemAssert.IsAsync(
            await pos.PostTopUpAsync(cardNo, new { amount = 500, storeId = "S001" }, topUpKey), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        await WaitUntilEveryActivationIsCollectedAsync(app);
        await ProblemAssert.IsAsync(
            await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("D-1", "S001", 500, 500)), HttpStatusCode.Conflict, "duplicate_order");

        Assert.Equal(1000, (await pos.GetCardAsync(cardNo)).Long("balance"));
        Assert.Equal(3, (await pos.ReadLedgerAsync(cardNo)).Count);
    }

    [StorageFact]
    public async Task ReplayOnAFrozenCardStillAnswersTheFirstResponse()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        var key = PosClient.NewKey();
        var first = await pos.PostTopUpAsync(cardNo, new { amount = 3000, storeId = "S001" }, key);
        await PosClient.ExpectAsync(await pos.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/freeze", new { reason = "lost" }), HttpStatusCode.OK);

        var again = await pos.PostTopUpAsync(cardNo, new { amount = 3000, storeId = "S001" }, key);

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(3000, (await pos.GetCardAsync(cardNo)).Long("balance"));
    }

    [StorageFact]
    public async Task SameOrderNoAndBodyReplaysDifferentBodyIsDuplicateOrderOtherStoreIsAnotherOrder()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        await pos.CreateStoreAsync("S002");
        var cardNo = await pos.NewCardAsync("S001");
        var otherCard = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 8000, "S001");
        await pos.TopUpAsync(otherCard, 8000, "S001");

        var first = await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("A-1001", "S001", 5000, 5000));
        var replay = await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("A-1001", "S001", 5000, 5000));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(3000, (await pos.GetCardAsync(cardNo)).Long("balance"));
        await ProblemAssert.IsAsync(
            await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("A-1001", "S001", 5000, 4000)), HttpStatusCode.Conflict, "duplicate_order");
        await ProblemAssert.IsAsync(
            await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("A-1001", "S001", 100, 100)), HttpStatusCode.Conflict, "duplicate_order");
        // The order number belongs to the store, whichever card paid it.
        await ProblemAssert.IsAsync(
            await pos.PostPurchaseAsync(otherCard, PosClient.Purchase("A-1001", "S001", 5000, 5000)), HttpStatusCode.Conflict, "duplicate_order");
        Assert.Equal(3000, (await pos.GetCardAsync(cardNo)).Long("balance"));
        Assert.Equal(8000, (await pos.GetCardAsync(otherCard)).Long("balance"));

        var otherStore = await pos.PurchaseAsync(cardNo, "A-1001", "S002", 1000, 1000);

        Assert.Equal(2000, otherStore.Long("balance"));
        Assert.Equal(3, (await pos.ReadLedgerAsync(cardNo)).Count);
    }

    [StorageFact]
    public async Task TwentyConcurrentCopiesOfOnePurchaseChargeOnce()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 9000, "S001");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            pos.PostPurchaseAsync(cardNo, PosClient.Purchase("ONCE-1", "S001", 3000, 3000))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single((await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))).Distinct());
        Assert.Equal(6000, (await pos.GetCardAsync(cardNo)).Long("balance"));
        Assert.Equal(2, (await pos.ReadLedgerAsync(cardNo)).Count);
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
        return text;
    }

    private static async Task WaitUntilEveryActivationIsCollectedAsync(MemberCardApplication app)
    {
        // The domain's grains (cards, members, stores...); Orleans' own and the stream consumers' are not counted.
        var management = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var live = (await management.GetSimpleGrainStatistics())
                .Where(s => s.GrainType.StartsWith("MemberCard.Grains.", StringComparison.Ordinal) && !s.GrainType.Contains("Consumer", StringComparison.Ordinal))
                .Sum(s => s.ActivationCount);
            if (live == 0) return;
            Assert.True(DateTime.UtcNow < deadline, $"{live} activations still live after 10 s.");
            await Task.Delay(50);
        }
    }
}

public sealed class SqliteIdempotencyApiTests : IdempotencyApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresIdempotencyApiTests : IdempotencyApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
