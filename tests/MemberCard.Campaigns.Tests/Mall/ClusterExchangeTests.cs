using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Mall;
using MemberCard.Campaigns.Tests.Cluster;
using MemberCard.Grains.Mall;
using MemberCard.Testing;

namespace MemberCard.Campaigns.Tests.Mall;

/// <summary>Three silos on shared in-memory storage.</summary>
public sealed class InMemoryClusterExchangeTests : ClusterExchangeTests
{
    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

/// <summary>Three silos on one PostgreSQL database: the claims table decides every race.</summary>
[RequiresPostgres]
public sealed class PostgresClusterExchangeTests : ClusterExchangeTests, IAsyncLifetime
{
    private string? _database;

    protected override async Task<string?> ConnectionStringAsync() => _database ??= await TestPostgres.CreateDatabaseAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null) await TestPostgres.DropDatabaseAsync(_database);
    }
}

public abstract class ClusterExchangeTests
{
    private const int Tills = 200;
    private const int LastItems = 10;
    private const long Price = 300;
    private const long Points = 1_000;

    protected abstract Task<string?> ConnectionStringAsync();

    [StorageFact]
    public async Task TwoHundredConcurrentExchangesForTheLastTenItemsOverThreeSilosSellExactlyTen()
    {
        await using var cluster = await CampaignCluster.StartAsync(await ConnectionStringAsync(), new Dictionary<string, string?> { ["Campaigns:AutoRun"] = "false" });
        var grains = cluster.Grains;
        // Twelve in stock, two sold already: the last ten are raced for.
        var rewardId = await MallSetup.CreateRewardAsync(grains, MallSetup.Gift(LastItems + 2, Price));
        for (var i = 0; i < 2; i++)
        {
            var (_, early) = await MallSetup.MemberWithCardAsync(grains, Points);
            await grains.GetGrain<ICardMallGrain>(early).ExchangeAsync(MallSetup.Exchange(rewardId, $"early-{i}"));
        }
        var cards = await Task.WhenAll(Enumerable.Range(0, Tills).Select(async _ => (await MallSetup.MemberWithCardAsync(grains, Points)).CardNo));

        using var start = new ManualResetEventSlim();
        var attempts = cards.Select((cardNo, i) => Task.Run(async () =>
        {
            start.Wait();
            var card = DomainCluster.GrainsOf(cluster.Silos[i % 3]).GetGrain<ICardMallGrain>(cardNo);
            return await MallSetup.TryAsync(card.ExchangeAsync(MallSetup.Exchange(rewardId, $"race-{i}")));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);

        var sold = results.Where(r => r.Done is not null).Select(r => r.Done!).ToList();
        Assert.Equal(LastItems, sold.Count);
        Assert.All(results.Where(r => r.Done is null), r => Assert.Equal(ErrorCodes.OutOfStock, r.Refused));
        // Every unit 3..12 went to exactly one of the winners, and no unit beyond the stock exists.
        Assert.Equal(Enumerable.Range(3, LastItems), sold.Select(s => s.Order.Unit!.Value).Order());
        foreach (var s in sold)
        {
            var claim = await cluster.Storage.ReadClaimAsync(MallKeys.Unit(rewardId, s.Order.Unit!.Value));
            Assert.Contains(s.Order.OrderId, claim!.Value, StringComparison.Ordinal);
        }
        Assert.Null(await cluster.Storage.ReadClaimAsync(MallKeys.Unit(rewardId, LastItems + 3)));
        var reward = await DomainCluster.GrainsOf(cluster.Silos[1]).GetGrain<IMallRewardGrain>(rewardId).GetAsync();
        Assert.Equal((LastItems + 2L, 0L), (reward!.Taken, reward.Left!.Value));

        // Ledgers read on another silo: winners paid once, losers not at all.
        var winners = sold.Select(s => s.Order.CardNo).ToHashSet();
        var exchanges = 0;
        for (var i = 0; i < Tills; i++)
        {
            var card = DomainCluster.GrainsOf(cluster.Silos[(i + 1) % 3]).GetGrain<ICardGrain>(cards[i]);
            var ledger = (await card.ListTransactionsAsync(10, null)).Items;
            var paid = ledger.Where(t => t.Type == TransactionTypes.MallExchange).ToList();
            exchanges += paid.Count;
            Assert.Equal(winners.Contains(cards[i]) ? Points - Price : Points, (await card.GetAsync())!.Points);
            Assert.Equal(winners.Contains(cards[i]) ? 1 : 0, paid.Count);
        }
        Assert.Equal(LastItems, exchanges);
    }

    [StorageFact]
    public async Task ConcurrentExchangesOnManyCardsOfOneMemberNeverPassTheMemberLimit()
    {
        await using var cluster = await CampaignCluster.StartAsync(await ConnectionStringAsync(), new Dictionary<string, string?> { ["Campaigns:AutoRun"] = "false" });
        var grains = cluster.Grains;
        var rewardId = await MallSetup.CreateRewardAsync(grains, MallSetup.Gift(100, Price, limit: 2));
        var (memberId, first) = await MallSetup.MemberWithCardAsync(grains, Points);
        var cards = new List<string> { first };
        for (var i = 1; i < 12; i++) cards.Add(await MallSetup.CardWithPointsAsync(grains, memberId, Points));

        using var start = new ManualResetEventSlim();
        var attempts = cards.Select((cardNo, i) => Task.Run(async () =>
        {
            start.Wait();
            var card = DomainCluster.GrainsOf(cluster.Silos[i % 3]).GetGrain<ICardMallGrain>(cardNo);
            return await MallSetup.TryAsync(card.ExchangeAsync(MallSetup.Exchange(rewardId, $"limit-{i}")));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(2, results.Count(r => r.Done is not null));
        Assert.All(results.Where(r => r.Done is null), r => Assert.Equal(ErrorCodes.LimitReached, r.Refused));
        Assert.Equal([1, 2], results.Where(r => r.Done is not null).Select(r => r.Done!.Order.LimitSlot!.Value).Order());
        var reward = await grains.GetGrain<IMallRewardGrain>(rewardId).GetAsync();
        // Units held by refused exchanges came back: only the two sold are taken.
        Assert.Equal(2, reward!.Taken);
    }
}
