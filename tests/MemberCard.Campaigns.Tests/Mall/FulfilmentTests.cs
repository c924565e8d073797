using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Mall;
using MemberCard.Grains.Mall;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace MemberCard.Campaigns.Tests.Mall;

/// <summary>Gift fulfilment: the moves each status allows, and a cancellation that gives points, stock and limit back exactly once.</summary>
public sealed class FulfilmentTests(MallSilo silo) : IClassFixture<MallSilo>
{
    private static readonly AuditActor Cashier = new("staff-1", "cashier", MallSetup.Store, "mall.order_move", null);

    private IGrainFactory Grains => silo.Cluster.Grains;

    [Fact]
    public async Task APickupGiftMovesOrderedReadyDeliveredAndRefusesEveryOtherMove()
    {
        var rewardId = await MallSetup.CreateRewardAsync(Grains, MallSetup.Gift(3));
        var (_, cardNo) = await MallSetup.MemberWithCardAsync(Grains, 1_000);
        var done = await Grains.GetGrain<ICardMallGrain>(cardNo).ExchangeAsync(MallSetup.Exchange(rewardId, "f1"));
        var order = Grains.GetGrain<IMallOrderGrain>(done.Order.OrderId);

        await AssertRefusedAsync(order, MallOrderActions.Ship);
        await AssertRefusedAsync(order, MallOrderActions.Deliver);
        Assert.Equal(MallOrderStatuses.ReadyForPickup, (await order.MoveAsync(new MoveMallOrder(MallOrderActions.Ready, null, Cashier))).Status);
        var delivered = await order.MoveAsync(new MoveMallOrder(MallOrderActions.Deliver, null, Cashier));

        Assert.Equal([MallOrderStatuses.Ordered, MallOrderStatuses.ReadyForPickup, MallOrderStatuses.Delivered], delivered.History.Select(h => h.Status));
        Assert.Equal("staff-1", delivered.History[^1].By);
        await AssertRefusedAsync(order, MallOrderActions.Cancel);
        await AssertRefusedAsync(order, MallOrderActions.Deliver);
        // The store's queue lists it with its current status.
        var queue = await silo.Cluster.Services.GetRequiredService<MallCatalogue>().ListStoreOrdersAsync(MallSetup.Store, MallOrderStatuses.Delivered, 200);
        Assert.Contains(queue, o => o.Order.OrderId == done.Order.OrderId);
    }

    [Fact]
    public async Task CancellingAGiftGivesPointsStockAndLimitBackExactlyOnce()
    {
        var rewardId = await MallSetup.CreateRewardAsync(Grains, MallSetup.Gift(1, price: 400, limit: 1));
        var (_, cardNo) = await MallSetup.MemberWithCardAsync(Grains, 1_000);
        var mall = Grains.GetGrain<ICardMallGrain>(cardNo);
        var done = await mall.ExchangeAsync(MallSetup.Exchange(rewardId, "x1") with { ShippingAddress = "1 Main St" });
        var order = Grains.GetGrain<IMallOrderGrain>(done.Order.OrderId);
        await order.MoveAsync(new MoveMallOrder(MallOrderActions.Ship, "SF123", Cashier));

        var cancelled = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => order.MoveAsync(new MoveMallOrder(MallOrderActions.Cancel, "lost in transit", Cashier))));
        // The card's own repeat (an order grain that crashed after the card's write) gives nothing back either.
        var replayed = await mall.CancelExchangeAsync(new CancelExchange(done.Order, null));

        Assert.All(cancelled, c => Assert.Equal(MallOrderStatuses.Cancelled, c.Status));
        var card = Grains.GetGrain<ICardGrain>(cardNo);
        Assert.Equal(1_000, (await card.GetAsync())!.Points);
        var entries = (await card.ListTransactionsAsync(50, null)).Items;
        var back = Assert.Single(entries, t => t.Type == TransactionTypes.MallCancellation);
        Assert.Equal((400L, done.Order.OrderId, back.TransactionId), (back.PointsDelta, back.MallOrderId, replayed.TransactionId));
        Assert.Null(await silo.Cluster.Storage.ReadClaimAsync(MallKeys.Unit(rewardId, 1)));
        var reward = await Grains.GetGrain<IMallRewardGrain>(rewardId).GetAsync();
        Assert.Equal((0L, 1L), (reward!.Taken, reward.Left!.Value));
        // Stock and limit are back: the same member exchanges the one unit again.
        var again = await mall.ExchangeAsync(MallSetup.Exchange(rewardId, "x2"));
        Assert.Equal((1, 1), (again.Order.Unit, again.Order.LimitSlot));
        Assert.Equal(600, (await card.GetAsync())!.Points);
    }

    [Fact]
    public async Task AGiftWhosePointsWentBackIsNeverDeliveredEvenIfTheOrderMissedItsCancellation()
    {
        var rewardId = await MallSetup.CreateRewardAsync(Grains, MallSetup.Gift(1, price: 400, limit: 1));
        var (_, cardNo) = await MallSetup.MemberWithCardAsync(Grains, 1_000);
        var mall = Grains.GetGrain<ICardMallGrain>(cardNo);
        var done = await mall.ExchangeAsync(MallSetup.Exchange(rewardId, "m1"));
        var order = Grains.GetGrain<IMallOrderGrain>(done.Order.OrderId);
        await order.MoveAsync(new MoveMallOrder(MallOrderActions.Ready, null, Cashier));
        // The order grain died between the card's cancellation write and its own: only the card's write happened.
        await mall.CancelExchangeAsync(new CancelExchange(done.Order, "member changed their mind"));

        await AssertRefusedAsync(order, MallOrderActions.Deliver);

        Assert.Equal(MallOrderStatuses.Cancelled, (await order.GetAsync())!.Status);
        Assert.Equal(1_000, (await Grains.GetGrain<ICardGrain>(cardNo).GetAsync())!.Points);
        var reward = await Grains.GetGrain<IMallRewardGrain>(rewardId).GetAsync();
        Assert.Equal((0L, 1L), (reward!.Taken, reward.Left!.Value));
        Assert.Equal(MallOrderStatuses.Cancelled, (await order.MoveAsync(new MoveMallOrder(MallOrderActions.Cancel, null, Cashier))).Status);
        Assert.Single((await Grains.GetGrain<ICardGrain>(cardNo).ListTransactionsAsync(50, null)).Items, t => t.Type == TransactionTypes.MallCancellation);
    }

    [Fact]
    public async Task CouponAndStoredValueOrdersAreDeliveredAtOnceAndCannotBeCancelled()
    {
        var rewardId = await MallSetup.CreateRewardAsync(Grains, new RewardDefinition { Name = "Bonus", Kind = RewardKinds.StoredValue, BonusAmount = 100, PointsPrice = 10 });
        var (_, cardNo) = await MallSetup.MemberWithCardAsync(Grains, 100);
        var done = await Grains.GetGrain<ICardMallGrain>(cardNo).ExchangeAsync(MallSetup.Exchange(rewardId, "d1"));

        await AssertRefusedAsync(Grains.GetGrain<IMallOrderGrain>(done.Order.OrderId), MallOrderActions.Cancel);
        Assert.Equal(ErrorCodes.MallOrderNotFound, (await Assert.ThrowsAsync<DomainException>(() =>
            Grains.GetGrain<IMallOrderGrain>(MallSetup.NewRewardId()).MoveAsync(new MoveMallOrder(MallOrderActions.Cancel, null)))).Code);
    }

    private static async Task AssertRefusedAsync(IMallOrderGrain order, string action)
    {
        var e = await Assert.ThrowsAsync<DomainException>(() => order.MoveAsync(new MoveMallOrder(action, null, Cashier)));
        Assert.Equal(ErrorCodes.MallOrderStateConflict, e.Code);
    }
}
