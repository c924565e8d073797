using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Campaigns.Tests.Cluster;

/// <summary>Three silos on shared in-memory storage (Orleans' test cluster shares membership and directory).</summary>
public sealed class InMemoryClusterRedemptionTests : ClusterRedemptionTests
{
    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

/// <summary>Three silos on one PostgreSQL database: the claims table decides the race.</summary>
[RequiresPostgres]
public sealed class PostgresClusterRedemptionTests : ClusterRedemptionTests, IAsyncLifetime
{
    private string? _database;

    protected override async Task<string?> ConnectionStringAsync() => _database ??= await TestPostgres.CreateDatabaseAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null) await TestPostgres.DropDatabaseAsync(_database);
    }
}

public abstract class ClusterRedemptionTests
{
    private const int Tills = 100;
    private const long TopUp = 10_000;
    private const long OrderAmount = 5_000;
    private const long CouponOff = 1_000;

    protected abstract Task<string?> ConnectionStringAsync();

    [StorageFact]
    public async Task OneHundredConcurrentRedemptionsOfOneCouponOverThreeSilosSucceedExactlyOnce()
    {
        await using var cluster = await CampaignCluster.StartAsync(await ConnectionStringAsync(), new Dictionary<string, string?>
        {
            ["Campaigns:AutoRun"] = "false",
        });
        var grains = cluster.Grains;
        var memberId = Guid.NewGuid().ToString("N");
        var member = grains.GetGrain<IMemberGrain>(memberId);
        await member.RegisterAsync(new RegisterMember("13912345678", "Racer", null, null, "S001"));
        // One member (a coupon belongs to its member), a hundred cards of that member, each topped up.
        var cards = new List<string>();
        for (var i = 0; i < Tills; i++) cards.Add((await member.IssueCardAsync(new IssueCard())).CardNo);
        await Task.WhenAll(cards.Select((cardNo, i) => DomainCluster.GrainsOf(cluster.Silos[i % 3]).GetGrain<ICardGrain>(cardNo)
            .TopUpAsync(new TopUp(TopUp, "S001", new RequestIdentity(null, null, $"top-up-{i}")))));
        var campaign = grains.GetGrain<ICampaignGrain>("c-race");
        await campaign.CreateAsync(new CreateCampaign(new CampaignDefinition
        {
            Name = "Race", Kind = CouponKinds.Fixed, AmountOff = CouponOff, ValidDaysAfterIssue = 30, Partitions = 1,
        }));
        await campaign.ChangeAsync(new ChangeCampaign(CampaignActions.Start));
        await IssuanceSilo.RunToEndAsync(grains, "c-race", 1);
        var code = Assert.Single(await cluster.Silos[1].ServiceProvider.GetRequiredService<CouponBook>().ListForMemberAsync(memberId)).Coupon.Code;

        // A hundred tills, each with its own card and order, entering the cluster on the three silos at once.
        using var start = new ManualResetEventSlim();
        var attempts = cards.Select((cardNo, i) => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                return (Index: i, Paid: (CardTransaction?)await DomainCluster.GrainsOf(cluster.Silos[i % 3]).GetGrain<ICardGrain>(cardNo).PurchaseAsync(
                    new Purchase($"R-{i}", $"S00{1 + i % 2}", OrderAmount, OrderAmount - CouponOff, 0, new RequestIdentity(null, null, $"race-{i}"))
                    { CouponCode = code }), Error: (DomainException?)null);
            }
            catch (DomainException e)
            {
                return (Index: i, Paid: null, Error: e);
            }
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Paid is not null);
        var losers = results.Where(r => r.Paid is null).ToList();
        Assert.Equal(Tills - 1, losers.Count);
        Assert.All(losers, l => Assert.Equal(ErrorCodes.CouponAlreadyRedeemed, l.Error!.Code));
        Assert.Equal((code, CouponOff, OrderAmount - CouponOff), (winner.Paid!.CouponCode, winner.Paid.CouponDiscount, winner.Paid.BalanceCharged));

        // The ledgers, read back on a silo other than the one that took the call: one purchase carries the coupon.
        var withCoupon = 0;
        for (var i = 0; i < Tills; i++)
        {
            var card = DomainCluster.GrainsOf(cluster.Silos[(i + 1) % 3]).GetGrain<ICardGrain>(cards[i]);
            var ledger = (await card.ListTransactionsAsync(10, null)).Items;
            var view = await card.GetAsync();
            if (i == winner.Index)
            {
                var purchase = Assert.Single(ledger, t => t.Type == TransactionTypes.Purchase);
                Assert.Equal(code, purchase.CouponCode);
                Assert.Equal(TopUp - (OrderAmount - CouponOff), view!.Balance);
                withCoupon++;
            }
            else
            {
                // No money moved for a loser: its ledger holds only the top-up.
                Assert.Equal(TransactionTypes.TopUp, Assert.Single(ledger).Type);
                Assert.Equal(TopUp, view!.Balance);
            }
        }
        Assert.Equal(1, withCoupon);
        var redemption = await cluster.Silos[2].ServiceProvider.GetRequiredService<CouponBook>().FindRedemptionAsync(code);
        Assert.Equal((cards[winner.Index], $"R-{winner.Index}"), (redemption!.CardNo, redemption.OrderNo));
    }
}
