using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Runtime.Storage;
using MemberCard.Server.Cards;
using MemberCard.Testing;
using GrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Api.Tests;

/// <summary>
/// The front door's lanes (docs/architecture.md, "A hot card"): a request to a card no call is running for goes as its
/// own call; the requests that arrive while it runs go together as one batch, in arrival order, after it.
/// </summary>
public sealed class CardWriteBatcherTests
{
    [Fact]
    public async Task RequestsBehindARunningCallGoAsOneBatchInOrder()
    {
        var storage = new GatedStorage(new InMemoryGrainStorage(TimeProvider.System));
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions { Storage = storage });
        var member = cluster.Grains.GetGrain<IMemberGrain>("m1");
        await member.RegisterAsync(new RegisterMember("13800138000", "Li Lei", null, null, "S001"));
        var cardNo = (await member.IssueCardAsync(new IssueCard())).CardNo;
        var card = cluster.Grains.GetGrain<ICardGrain>(cardNo);
        var batcher = new CardWriteBatcher();

        storage.Close();
        var first = batcher.TopUpAsync(card, TopUp(1_000, "k0"));
        await storage.WaitForBlockedWriteAsync(); // the first top-up is committing
        var behind = new[]
        {
            batcher.TopUpAsync(card, TopUp(1_001, "k1")),
            batcher.PurchaseAsync(card, new Purchase("O-1", "S001", 900_000, 900_000, 0, new RequestIdentity(null, null, "too-much"))),
            batcher.TopUpAsync(card, TopUp(1_002, "k2")),
        };
        Assert.False(first.IsCompleted);
        storage.Open();

        var lone = await first;
        var second = await behind[0];
        Assert.Equal(ErrorCodes.InsufficientBalance, (await Assert.ThrowsAsync<DomainException>(() => behind[1])).Code);
        var third = await behind[2];
        Assert.Equal([1_000, 1_001, 1_002], new[] { lone.Amount, second.Amount, third.Amount });
        var entries = (await storage.ReadJournalAsync(new GrainId("card", cardNo), new JournalQuery(10))).Reverse().ToList();
        Assert.Equal([lone.TransactionId, second.TransactionId, third.TransactionId],
            entries.Select(e => TransactionId(e.Json)));
        Assert.NotEqual(entries[0].Version, entries[1].Version); // the lone call committed by itself
        Assert.Equal(entries[1].Version, entries[2].Version); // the two behind it in one write
    }

    private static TopUp TopUp(long amount, string key) => new(amount, "S001", new RequestIdentity("till", key, $"top-up-{key}"));

    private static string TransactionId(string json) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("transactionId").GetString()!;
}
