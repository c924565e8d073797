using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Mall;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Grains.Mall;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace MemberCard.Campaigns.Tests.Mall;

/// <summary>The exchange on one silo: delivery of each kind, idempotency, refusals that write nothing, stock holds, versions.</summary>
public sealed class ExchangeTests(MallSilo silo) : IClassFixture<MallSilo>
{
    private IGrainFactory Grains => silo.Cluster.Grains;

    [Fact]
    public async Task AnExchangeTakesThePointsOldestLotsFirstAndNamesTheRewardInOneLedgerEntry()
    {
        var rewardId = await MallSetup.CreateRewardAsync(Grains, MallSetup.Gift(5, price: 150));
        var (_, cardNo) = await MallSetup.MemberWithCardAsync(Grains, 100);
        var card = Grains.GetGrain<ICardGrain>(cardNo);
        silo.Clock.Advance(TimeSpan.FromMinutes(1));
        await card.AdjustPointsAsync(new AdjustPoints(100, "second lot", new RequestIdentity(null, null, "second")));
        var lots = (await card.GetAsync())!.Lots!;

        var done = await Grains.GetGrain<ICardMallGrain>(cardNo).ExchangeAsync(MallSetup.Exchange(rewardId, "k1"));

        var entry = (await card.ListTransactionsAsync(1, null)).Items.Single();
        Assert.Equal((TransactionTypes.MallExchange, -150L, 50L), (entry.Type, entry.PointsDelta, entry.Points));
        Assert.Equal((rewardId, 1, done.Order.OrderId), (entry.RewardId, entry.RewardVersion, entry.MallOrderId));
        Assert.Contains(rewardId, entry.Reason, StringComparison.Ordinal);
        // 100 from the older lot, then 50 from the newer.
        Assert.Equal([(lots[0].LotId, 100L), (lots[1].LotId, 50L)], done.Order.PointsDrawn!.Select(d => (d.LotId, d.Points)));
        Assert.Equal(MallOrderStatuses.Ordered, done.Status);
        Assert.Equal(MallOrderStatuses.Ordered, (await Grains.GetGrain<IMallOrderGrain>(done.Order.OrderId).GetAsync())!.Status);
    }

    [Fact]
    public async Task RetriedExchangeWithTheSameKeyHasOneEffect()
    {
        var rewardId = await MallSetup.CreateRewardAsync(Grains, MallSetup.Gift(5));
        var (_, cardNo) = await MallSetup.MemberWithCardAsync(Grains, 1_000);
        var mall = Grains.GetGrain<ICardMallGrain>(cardNo);

        var first = await mall.ExchangeAsync(MallSetup.Exchange(rewardId, "same"));
        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => mall.ExchangeAsync(MallSetup.Exchange(rewardId, "same"))));
        // A fresh activation answers from the stored claim, not from memory.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var afterRestart = await Grains.GetGrain<ICardMallGrain>(cardNo).ExchangeAsync(MallSetup.Exchange(rewardId, "same"));

        Assert.All(again.Append(afterRestart), r => Assert.Equal(first.Order.OrderId, r.Order.OrderId));
        Assert.Equal(900, (await Grains.GetGrain<ICardGrain>(cardNo).GetAsync())!.Points);
        Assert.Equal(1, (await Grains.GetGrain<IMallRewardGrain>(rewardId).GetAsync())!.Taken);
        var reused = await MallSetup.TryAsync(mall.ExchangeAsync(new ExchangeReward(rewardId, MallSetup.Store, new RequestIdentity("test", "same", "another body"))));
        Assert.Equal(ErrorCodes.IdempotencyKeyReused, reused.Refused);
    }

    [Fact]
    public async Task ACouponRewardIssuesACouponOfItsCampaignThatAPurchaseRedeems()
    {
        var campaignId = Guid.NewGuid().ToString("N");
        var campaign = Grains.GetGrain<ICampaignGrain>(campaignId);
        await campaign.CreateAsync(new CreateCampaign(CampaignFixtures.Fixed(500) with { Partitions = 1 }));
        var rewardId = await MallSetup.CreateRewardAsync(Grains, new RewardDefinition { Name = "Five off", Kind = RewardKinds.Coupon, CampaignId = campaignId, PointsPrice = 200 });
        var (memberId, cardNo) = await MallSetup.MemberWithCardAsync(Grains, 1_000);

        // A draft campaign's coupons cannot be used yet: nothing is exchanged.
        Assert.Equal(ErrorCodes.RewardNotAvailable, (await MallSetup.TryAsync(Grains.GetGrain<ICardMallGrain>(cardNo).ExchangeAsync(MallSetup.Exchange(rewardId, "c0")))).Refused);
        await campaign.ChangeAsync(new ChangeCampaign(CampaignActions.Start));
        var done = await Grains.GetGrain<ICardMallGrain>(cardNo).ExchangeAsync(MallSetup.Exchange(rewardId, "c1"));

        Assert.Equal(MallOrderStatuses.Delivered, done.Status);
        var coupons = await silo.Cluster.Services.GetRequiredService<CouponBook>().ListForMemberAsync(memberId);
        var coupon = Assert.Single(coupons);
        Assert.Equal((done.Order.CouponCode, campaignId, CouponStatuses.Active), (coupon.Coupon.Code, coupon.Coupon.CampaignId, coupon.Status));
        var paid = await Grains.GetGrain<ICardGrain>(cardNo).PurchaseAsync(new Purchase("M-1", MallSetup.Store, 2_000, 0, 0, new RequestIdentity(null, null, "buy"))
        {
            CouponCode = coupon.Coupon.Code,
        });
        Assert.Equal(500, paid.CouponDiscount);
    }

    [Fact]
    public async Task AStoredValueRewardAddsBonusInTheSameEntryAndRespectsTheCap()
    {
        var rewardId = await MallSetup.CreateRewardAsync(Grains, new RewardDefinition { Name = "Bonus", Kind = RewardKinds.StoredValue, BonusAmount = 2_000, PointsPrice = 300 });
        var (_, cardNo) = await MallSetup.MemberWithCardAsync(Grains, 1_000);

        var done = await Grains.GetGrain<ICardMallGrain>(cardNo).ExchangeAsync(MallSetup.Exchange(rewardId, "b1"));

        Assert.Equal((2_000L, -300L, 2_000L), (done.Transaction.BonusDelta, done.Transaction.PointsDelta, done.Transaction.BalanceDelta));
        var view = await Grains.GetGrain<ICardGrain>(cardNo).GetAsync();
        Assert.Equal((2_000L, 0L, 700L), (view!.BonusBalance, view.Principal, view.Points));
        Assert.Equal(MallOrderStatuses.Delivered, done.Status);
    }

    [Fact]
    public async Task RefusalsHaveTheirOwnCodesAndWriteNothing()
    {
        var now = silo.Clock.GetUtcNow();
        var (_, cardNo) = await MallSetup.MemberWithCardAsync(Grains, 500);
        var mall = Grains.GetGrain<ICardMallGrain>(cardNo);
        var cases = new (RewardDefinition Definition, string? Action, string Code)[]
        {
            (MallSetup.Gift(5), RewardActions.Pause, ErrorCodes.RewardPaused),
            (MallSetup.Gift(5), RewardActions.Retire, ErrorCodes.RewardRetired),
            (MallSetup.Gift(5) with { ValidFrom = now.AddDays(1) }, null, ErrorCodes.RewardNotAvailable),
            (MallSetup.Gift(5) with { ValidUntil = now.AddSeconds(-1) }, null, ErrorCodes.RewardNotAvailable),
            (MallSetup.Gift(5) with { Stores = ["S999"] }, null, ErrorCodes.RewardNotAvailable),
            (MallSetup.Gift(5) with { Tiers = ["gold"] }, null, ErrorCodes.RewardNotAvailable),
            (MallSetup.Gift(5, price: 501), null, ErrorCodes.InsufficientPoints),
            (MallSetup.Gift(0), null, ErrorCodes.OutOfStock),
        };
        foreach (var (definition, action, code) in cases)
        {
            var rewardId = await MallSetup.CreateRewardAsync(Grains, definition);
            if (action is not null) await Grains.GetGrain<IMallRewardGrain>(rewardId).ChangeStatusAsync(new ChangeReward(action));
            Assert.Equal(code, (await MallSetup.TryAsync(mall.ExchangeAsync(MallSetup.Exchange(rewardId, $"r-{rewardId}")))).Refused);
            Assert.Equal(0, (await Grains.GetGrain<IMallRewardGrain>(rewardId).GetAsync())!.Taken);
        }
        Assert.Equal(ErrorCodes.RewardNotFound, (await MallSetup.TryAsync(mall.ExchangeAsync(MallSetup.Exchange(MallSetup.NewRewardId(), "none")))).Refused);
        Assert.Equal(500, (await Grains.GetGrain<ICardGrain>(cardNo).GetAsync())!.Points);
        Assert.DoesNotContain((await Grains.GetGrain<ICardGrain>(cardNo).ListTransactionsAsync(50, null)).Items, t => t.Type == TransactionTypes.MallExchange);
    }

    [Fact]
    public async Task AUnitHeldByAnExchangeThatNeverCommittedComesBackAfterTheHoldExpires()
    {
        var rewardId = await MallSetup.CreateRewardAsync(Grains, MallSetup.Gift(1));
        var (_, cardNo) = await MallSetup.MemberWithCardAsync(Grains, 1_000);
        // An exchange whose silo died after holding the unit and before committing.
        await Grains.GetGrain<IMallRewardGrain>(rewardId).ReserveUnitAsync();

        Assert.Equal(ErrorCodes.OutOfStock, (await MallSetup.TryAsync(Grains.GetGrain<ICardMallGrain>(cardNo).ExchangeAsync(MallSetup.Exchange(rewardId, "h1")))).Refused);
        silo.Clock.Advance(MallRewardGrain.HoldDuration + TimeSpan.FromSeconds(1));
        var done = await Grains.GetGrain<ICardMallGrain>(cardNo).ExchangeAsync(MallSetup.Exchange(rewardId, "h2"));

        Assert.Equal(1, done.Order.Unit);
        // Sold now, and it stays sold once another hold period has passed.
        silo.Clock.Advance(MallRewardGrain.HoldDuration + TimeSpan.FromSeconds(1));
        var (_, other) = await MallSetup.MemberWithCardAsync(Grains, 1_000);
        Assert.Equal(ErrorCodes.OutOfStock, (await MallSetup.TryAsync(Grains.GetGrain<ICardMallGrain>(other).ExchangeAsync(MallSetup.Exchange(rewardId, "h3")))).Refused);
    }

    [Fact]
    public async Task AnEditIsANewVersionAndExchangesPayTheCurrentOne()
    {
        var rewardId = await MallSetup.CreateRewardAsync(Grains, MallSetup.Gift(5, price: 100));
        var reward = Grains.GetGrain<IMallRewardGrain>(rewardId);
        var revised = await reward.ReviseAsync(new ReviseReward(MallSetup.Gift(5, price: 250)));
        var (_, cardNo) = await MallSetup.MemberWithCardAsync(Grains, 1_000);

        var done = await Grains.GetGrain<ICardMallGrain>(cardNo).ExchangeAsync(MallSetup.Exchange(rewardId, "v2"));

        Assert.Equal((2, 250L), (revised.Version, revised.Definition.PointsPrice));
        Assert.Equal((2, 250L, -250L), (done.Order.RewardVersion, done.Order.Points, done.Transaction.PointsDelta));
        var bad = await Assert.ThrowsAsync<DomainException>(() => reward.ReviseAsync(new ReviseReward(MallSetup.Gift(5, price: 0) with { Name = "" })));
        Assert.Equal(ErrorCodes.ValidationFailed, bad.Code);
        Assert.Equal(["name", "pointsPrice"], bad.Errors!.Keys.Order());
        Assert.Equal(2, (await reward.GetAsync())!.Version);
    }
}
