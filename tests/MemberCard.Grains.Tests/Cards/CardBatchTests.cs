using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.Time.Testing;
using GrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Grains.Tests.Cards;

/// <summary>
/// A hot card's batch (docs/architecture.md, "A hot card"): each request gets the answer its own call would have got,
/// in order, and everything commits in one write; a claim held elsewhere sends the batch one by one; a failed commit
/// fails the batch and leaves the card as it was.
/// </summary>
public sealed class CardBatchTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ABatchAnswersEachRequestAsItsOwnCallWouldAndCommitsOnce()
    {
        var storage = new GatedStorage(new InMemoryGrainStorage(_clock));
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions { Storage = storage, Clock = _clock });
        var batched = await NewCardAsync(cluster, "m1");
        var alone = await NewCardAsync(cluster, "m2");
        var before = await LastVersionAsync(storage, batched);

        var outcomes = await cluster.Grains.GetGrain<ICardGrain>(batched).ExecuteBatchAsync(Requests());
        var singles = new List<CardWriteOutcome>();
        foreach (var request in Requests()) singles.Add(await AloneAsync(cluster.Grains.GetGrain<ICardGrain>(alone), request));

        Assert.Equal(singles.Select(Summary), outcomes.Select(Summary));
        Assert.Equal(ErrorCodes.InsufficientBalance, outcomes[2].Refusal?.Code);
        Assert.Equal(outcomes[0].Transaction!.TransactionId, outcomes[3].Transaction!.TransactionId); // the key again: replayed
        Assert.Equal(outcomes[1].Transaction!.TransactionId, outcomes[4].Transaction!.TransactionId); // the order again: replayed
        var entries = await storage.ReadJournalAsync(new GrainId("card", batched), new JournalQuery(100));
        var batch = entries.Where(e => e.Version > before).ToList();
        Assert.Equal(3, batch.Count); // the top-up, the purchase and the second purchase; refusals and replays add nothing
        Assert.Single(batch.Select(e => e.Version).Distinct());
        var card = (await cluster.Grains.GetGrain<ICardGrain>(batched).GetAsync())!;
        Assert.Equal(outcomes.Last(o => o.Transaction is not null).Transaction!.Balance, card.Balance);
        Assert.Equal(card.Balance, (await cluster.Grains.GetGrain<ICardGrain>(alone).GetAsync())!.Balance);
    }

    [Fact]
    public async Task AnOrderNumberTakenByAnotherCardSendsTheBatchOneByOne()
    {
        var storage = new GatedStorage(new InMemoryGrainStorage(_clock));
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions { Storage = storage, Clock = _clock });
        var other = cluster.Grains.GetGrain<ICardGrain>(await NewCardAsync(cluster, "m1"));
        await other.PurchaseAsync(new Purchase("O-9", "S001", 1_000, 1_000, 0, Identity("other-purchase")));
        var cardNo = await NewCardAsync(cluster, "m2");
        var card = cluster.Grains.GetGrain<ICardGrain>(cardNo);
        var before = await LastVersionAsync(storage, cardNo);

        var outcomes = await card.ExecuteBatchAsync(
        [
            new CardWrite(TopUp: new TopUp(1_000, "S001", Identity("t1", "k1"))),
            new CardWrite(Purchase: new Purchase("O-9", "S001", 1_000, 1_000, 0, Identity("p1"))),
            new CardWrite(TopUp: new TopUp(2_000, "S001", Identity("t2", "k2"))),
        ]);

        Assert.NotNull(outcomes[0].Transaction);
        Assert.Equal(ErrorCodes.DuplicateOrder, outcomes[1].Refusal?.Code);
        Assert.Equal(outcomes[0].Transaction!.Balance + 2_000 + outcomes[2].Transaction!.BonusDelta, outcomes[2].Transaction!.Balance);
        var versions = (await storage.ReadJournalAsync(new GrainId("card", cardNo), new JournalQuery(100)))
            .Where(e => e.Version > before).Select(e => e.Version).ToList();
        Assert.Equal(2, versions.Distinct().Count()); // each top-up committed alone
        Assert.Equal(outcomes[2].Transaction!.Balance, (await card.GetAsync())!.Balance);
    }

    [Fact]
    public async Task AFailedCommitFailsTheBatchAndLeavesTheCardAsItWas()
    {
        var storage = new GatedStorage(new InMemoryGrainStorage(_clock));
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions { Storage = storage, Clock = _clock });
        var cardNo = await NewCardAsync(cluster, "m1");
        var card = cluster.Grains.GetGrain<ICardGrain>(cardNo);
        var balance = (await card.GetAsync())!.Balance;

        storage.Failing = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => card.ExecuteBatchAsync(
        [
            new CardWrite(TopUp: new TopUp(1_000, "S001", Identity("t1", "k1"))),
            new CardWrite(TopUp: new TopUp(2_000, "S001", Identity("t2", "k2"))),
        ]));
        storage.Failing = false;

        Assert.Equal(balance, (await card.GetAsync())!.Balance);
        // The same requests again are decided afresh (nothing was remembered from the failed batch), and commit.
        var again = await card.ExecuteBatchAsync(
        [
            new CardWrite(TopUp: new TopUp(1_000, "S001", Identity("t1", "k1"))),
            new CardWrite(TopUp: new TopUp(2_000, "S001", Identity("t2", "k2"))),
        ]);
        Assert.Equal(again[1].Transaction!.Balance, (await card.GetAsync())!.Balance);
        Assert.True(again[1].Transaction!.Balance >= balance + 3_000);
    }

    // A top-up, a purchase, a purchase the card cannot afford, the top-up's key again, the purchase's order again.
    private static IReadOnlyList<CardWrite> Requests() =>
    [
        new CardWrite(TopUp: new TopUp(5_000, "S001", Identity("top-up", "k1"))),
        new CardWrite(Purchase: new Purchase("O-1", "S001", 4_000, 3_000, 0, Identity("purchase-1"))),
        new CardWrite(Purchase: new Purchase("O-2", "S001", 900_000, 900_000, 0, Identity("purchase-2"))),
        new CardWrite(TopUp: new TopUp(5_000, "S001", Identity("top-up", "k1"))),
        new CardWrite(Purchase: new Purchase("O-1", "S001", 4_000, 3_000, 0, Identity("purchase-1"))),
        new CardWrite(Purchase: new Purchase("O-3", "S001", 2_000, 2_000, 0, Identity("purchase-3"))),
    ];

    private static async Task<CardWriteOutcome> AloneAsync(ICardGrain card, CardWrite write)
    {
        try
        {
            return new CardWriteOutcome(await write.RunOn(card));
        }
        catch (DomainException refusal)
        {
            return new CardWriteOutcome(null, refusal);
        }
    }

    // What an answer says, without what differs between two cards (ids, card numbers, times).
    private static string Summary(CardWriteOutcome o) => o.Transaction is { } t
        ? $"{t.Type} {t.BalanceDelta} {t.Balance} {t.Principal} {t.BonusBalance} {t.PointsDelta} {t.Points}"
        : $"refused {o.Refusal!.Code}";

    private static async Task<string> NewCardAsync(DomainCluster cluster, string memberId)
    {
        var member = cluster.Grains.GetGrain<IMemberGrain>(memberId);
        await member.RegisterAsync(new RegisterMember($"1380013800{memberId[^1]}", "Li Lei", null, null, "S001"));
        var cardNo = (await member.IssueCardAsync(new IssueCard())).CardNo;
        await cluster.Grains.GetGrain<ICardGrain>(cardNo).TopUpAsync(new TopUp(10_000, "S001", Identity($"first-{memberId}", $"first-{memberId}")));
        return cardNo;
    }

    private static async Task<long> LastVersionAsync(IGrainStorage storage, string cardNo) =>
        (await storage.ReadStateAsync(new GrainId("card", cardNo)))!.Version;

    private static RequestIdentity Identity(string fingerprint, string? key = null) => new(key is null ? null : "till", key, fingerprint);
}
