using System.Net;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>Many tills at once on one card: the card never goes below zero and the ledger stays exact.</summary>
public abstract class ConcurrencyApiTests : ApiTests
{
    [StorageFact]
    public async Task TwoHundredConcurrentPurchasesOnACardThatAffordsOneHundredLetExactlyOneHundredThrough()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 88000, "S001"); // +12000 bonus → 100000

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            pos.PostPurchaseAsync(cardNo, PosClient.Purchase($"C-{i:D3}", "S001", 1000, 1000))));

        var accepted = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(100, accepted.Count);
        Assert.Equal(100, refused.Count);
        foreach (var response in refused) await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "insufficient_balance");
        // Every accepted purchase saw its own balance: 99000, 98000, …, 0.
        var balances = new List<long>();
        foreach (var response in accepted) balances.Add((await PosClient.ExpectAsync(response, HttpStatusCode.Created)).Long("balance"));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i * 1000), balances.Order());
        var card = await pos.GetCardAsync(cardNo);
        Assert.Equal(0, card.Long("balance"));
        Assert.Equal(100 * 10, card.Long("points"));

        var firstPage = await PosClient.ExpectAsync(await pos.Http.GetAsync($"/api/v1/cards/{cardNo}/transactions"), HttpStatusCode.OK);
        Assert.Equal(50, firstPage.Field("items").GetArrayLength());
        var ledger = await pos.ReadLedgerAsync(cardNo);
        Assert.Equal(101, ledger.Count);
        Assert.Equal(100, ledger.Count(e => e.Text("type") == "purchase"));
        Assert.Equal(0, ledger.Sum(e => e.Long("balanceDelta")));
        Assert.Equal(1000, ledger.Sum(e => e.Long("pointsDelta")));
        Assert.Equal(101, ledger.Select(e => e.Text("transactionId")).Distinct().Count());
    }

    [StorageFact]
    public async Task ConcurrentTopUpsPurchasesAndRefundsOnOneCardKeepTheLedgerExact()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 50000, "S001"); // +12000 → 62000
        for (var i = 0; i < 10; i++) await pos.PurchaseAsync(cardNo, $"R-{i}", "S001", 2001, 2001);

        var work = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 10; i++)
        {
            work.Add(pos.PostTopUpAsync(cardNo, new { amount = 1000 + i, storeId = "S001" }, PosClient.NewKey()));
            work.Add(pos.PostPurchaseAsync(cardNo, PosClient.Purchase($"N-{i}", "S001", 1500, 1500)));
            work.Add(pos.PostRefundAsync(cardNo, PosClient.Refund($"R-{i}", "S001", 667), PosClient.NewKey()));
            work.Add(pos.PostRefundAsync(cardNo, PosClient.Refund($"R-{i}", "S001", null), PosClient.NewKey()));
        }
        var responses = await Task.WhenAll(work);

        // Each order's two refunds race: whichever runs first, together they never exceed the order.
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "refund_exceeds_purchase");
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.Created) >= 30);
        var card = await pos.GetCardAsync(cardNo);
        var ledger = await pos.ReadLedgerAsync(cardNo, limit: 7);
        Assert.Equal(card.Long("balance"), ledger.Sum(e => e.Long("balanceDelta")));
        Assert.Equal(card.Long("points"), ledger.Sum(e => e.Long("pointsDelta")));
        // Every order was refunded in full exactly: all R-orders' balance came back.
        Assert.Equal(10 * 2001, ledger.Where(e => e.Text("type") == "refund").Sum(e => e.Long("balanceDelta")));
        Assert.Equal(62000 + Enumerable.Range(0, 10).Sum(i => 1000 + i) - 10 * 1500, card.Long("balance"));
        // The refunds took back all 200 points the R-orders earned; the N-orders earned 15 each.
        Assert.Equal(10 * 15, card.Long("points"));
    }

    [StorageFact]
    public async Task OneOrderNoPaidConcurrentlyOnManyCardsIsChargedOnce()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cards = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var cardNo = await pos.NewCardAsync("S001");
            await pos.TopUpAsync(cardNo, 5000, "S001");
            cards.Add(cardNo);
        }

        var responses = await Task.WhenAll(cards.Select(cardNo => pos.PostPurchaseAsync(cardNo, PosClient.Purchase("SHARED-1", "S001", 1000, 1000))));

        var winner = cards[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.Created)];
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "duplicate_order");
        foreach (var cardNo in cards)
        {
            var card = await pos.GetCardAsync(cardNo);
            Assert.Equal(cardNo == winner ? 4000 : 5000, card.Long("balance"));
            Assert.Equal(cardNo == winner ? 2 : 1, (await pos.ReadLedgerAsync(cardNo)).Count);
        }
    }

    [StorageFact]
    public async Task OneIdempotencyKeyUsedConcurrentlyOnManyCardsTakesEffectOnce()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cards = new List<string>();
        for (var i = 0; i < 10; i++) cards.Add(await pos.NewCardAsync("S001"));
        var key = PosClient.NewKey();

        var responses = await Task.WhenAll(cards.Select(cardNo => pos.PostTopUpAsync(cardNo, new { amount = 1000, storeId = "S001" }, key)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await ProblemAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        var balances = new List<long>();
        foreach (var cardNo in cards) balances.Add((await pos.GetCardAsync(cardNo)).Long("balance"));
        Assert.Equal(1000, balances.Sum());
    }

    [StorageFact]
    public async Task ManyCardsPayingAtOnceEachKeepTheirOwnExactLedger()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cards = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var cardNo = await pos.NewCardAsync("S001");
            await pos.TopUpAsync(cardNo, 10000, "S001"); // +2000 → 12000
            cards.Add(cardNo);
        }

        // 8 cards × 20 purchases of 700 (17 affordable each), all at once, so writes of many cards commit together.
        var work = cards.SelectMany((cardNo, c) => Enumerable.Range(0, 20).Select(i =>
            (CardNo: cardNo, Task: pos.PostPurchaseAsync(cardNo, PosClient.Purchase($"G-{c}-{i}", "S001", 700, 700))))).ToList();
        await Task.WhenAll(work.Select(w => w.Task));

        foreach (var cardNo in cards)
        {
            var mine = work.Where(w => w.CardNo == cardNo).Select(w => w.Task.Result).ToList();
            Assert.Equal(17, mine.Count(r => r.StatusCode == HttpStatusCode.Created));
            foreach (var refused in mine.Where(r => r.StatusCode != HttpStatusCode.Created))
                await ProblemAssert.IsAsync(refused, HttpStatusCode.Conflict, "insufficient_balance");
            var card = await pos.GetCardAsync(cardNo);
            Assert.Equal(12000 - 17 * 700, card.Long("balance"));
            Assert.Equal(17 * 7, card.Long("points"));
            var ledger = await pos.ReadLedgerAsync(cardNo);
            Assert.Equal(18, ledger.Count);
            Assert.Equal(card.Long("balance"), ledger.Sum(e => e.Long("balanceDelta")));
            Assert.Equal(card.Long("points"), ledger.Sum(e => e.Long("pointsDelta")));
        }
    }
}

public sealed class SqliteConcurrencyApiTests : ConcurrencyApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresConcurrencyApiTests : ConcurrencyApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
