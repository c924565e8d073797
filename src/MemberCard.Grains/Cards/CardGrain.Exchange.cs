using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Mall;
using MemberCard.Grains.Audit;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Grains.Mall;
using MemberCard.Grains.Points;
using MemberCard.Grains.Rules;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Cards;

/// <summary>What an exchange is about to commit: the order, its ledger entry, the next state, and the claims it takes.</summary>
internal sealed record ExchangePlan(MallOrder Order, CardTransaction Transaction, CardState Next, UnitHold? Hold, IssuedCoupon? Coupon);

/// <summary>
/// The points mall on a card (docs/mall.md): one write takes the points and carries every fact of the exchange, each
/// scarce thing (a unit of stock, a slot of the member's limit) as a claim, as a purchase carries its coupon's claim.
/// </summary>
public sealed partial class CardGrain : ICardMallGrain
{
    // Another exchange took the limit slot or unit this one picked: plan again (a refusal ends it once none is left).
    private const int ExchangeAttempts = 4;

    public async Task<MallExchange> ExchangeAsync(ExchangeReward command)
    {
        RequireCard();
        var idempotencyClaim = IdempotencyClaim(command.Request);
        if (Remembered(command.Request, idempotencyClaim, null) is { } remembered) return await ReplayExchangeAsync(remembered, command.Actor);
        await ExpireDueLotsAsync();
        for (var attempt = 1; ; attempt++)
        {
            ExchangePlan plan;
            try
            {
                plan = await PlanExchangeAsync(command);
            }
            catch (DomainException)
            {
                if (await FindEarlierAsync(command.Request, idempotencyClaim, null) is { } earlier) return await ReplayExchangeAsync(earlier, command.Actor);
                throw;
            }
            try
            {
                await CommitExchangeAsync(plan, command, idempotencyClaim);
            }
            catch (ClaimConflictException)
            {
                await ReleaseHoldAsync(plan);
                if (await FindEarlierAsync(command.Request, idempotencyClaim, null) is { } earlier) return await ReplayExchangeAsync(earlier, command.Actor);
                if (attempt == ExchangeAttempts) throw new DomainException(ErrorCodes.Unavailable, "The exchange met other exchanges too often; try again.");
                continue;
            }
            catch
            {
                await ReleaseHoldAsync(plan);
                throw;
            }
            if (plan.Hold is { } hold) await TellRewardAsync(plan.Order.RewardId, r => r.ConfirmHoldAsync(hold));
            return new MallExchange(plan.Order, plan.Transaction, InitialStatus(plan.Order));
        }
    }

    public async Task<CardTransaction> CancelExchangeAsync(CancelExchange command)
    {
        RequireCard();
        var order = command.Order;
        var claim = MallKeys.Cancellation(order.OrderId);
        if (await ReadClaimAsync(claim) is { } done) return Serializer.Deserialize<RequestRecord>(done.Value).Transaction;
        if (order.CardNo != Key) throw new DomainException(ErrorCodes.MallOrderNotFound, $"Order {order.OrderId} was not exchanged with card {Key}.");
        RequireOpen();
        await ExpireDueLotsAsync();
        var rules = await RulesAsync(order.StoreId);
        var now = Clock.GetUtcNow();
        // The points go back to the lots they came from, with those lots' dates (as a refund gives them back).
        var lots = State.PointLots;
        var restore = PointLots.Restore(order.PointsDrawn ?? [], 0, order.Points);
        foreach (var d in restore) lots = PointLots.GiveBack(lots, new PointLot(d.LotId, d.EarnedAt, d.ExpiresAt, d.Points));
        var id = Guid.CreateVersion7().ToString("N");
        lots = PointLots.Add(lots, new PointLot(id, now, PointsExpiry.ExpiresAt(rules.PointsExpiryMonths, now), order.Points - restore.Sum(d => d.Points)));
        var t = NewTransaction(id, TransactionTypes.MallCancellation, order.StoreId, null, 0, 0, order.Points, rules.Version) with
        {
            PointsRestored = order.Points,
            Reason = command.Reason is null ? $"mall order {order.OrderId} cancelled" : $"mall order {order.OrderId} cancelled: {command.Reason}",
            RewardId = order.RewardId,
            RewardVersion = order.RewardVersion,
            MallOrderId = order.OrderId,
        };
        try
        {
            await CommitAsync(Apply(State, t) with { Lots = lots }, w =>
            {
                w.Journal(t.Type, t).Publish($"card.{t.Type}", t).Audit(command.Actor, Key, now);
                w.Claim(claim, new RequestRecord("", Key, t));
                if (order.Unit is { } unit) w.Release(MallKeys.Unit(order.RewardId, unit));
                if (order.LimitSlot is { } slot) w.Release(MallKeys.Limit(order.RewardId, order.MemberId, slot));
                w.Append(MallKeys.CancellationsLog, new MallOrderCancelled(order.OrderId, order.RewardId, order.StoreId, order.Points, now));
            });
        }
        catch (ClaimConflictException)
        {
            // Another call cancelled it first: its entry is the answer.
            var first = await ReadClaimAsync(claim) ?? throw new DomainException(ErrorCodes.Unavailable, "The cancellation met another one; try again.");
            return Serializer.Deserialize<RequestRecord>(first.Value).Transaction;
        }
        return t;
    }

    private async Task<ExchangePlan> PlanExchangeAsync(ExchangeReward command)
    {
        RequireActive();
        var rewards = GrainFactory.GetGrain<IMallRewardGrain>(command.RewardId);
        var reward = await rewards.GetAsync() ?? throw new DomainException(ErrorCodes.RewardNotFound, $"Reward {command.RewardId} does not exist.");
        var now = Clock.GetUtcNow();
        RewardAvailability.Check(reward, command.StoreId, State.Tier, now);
        var d = reward.Definition;
        var rules = await RulesAsync(command.StoreId);
        var product = rules.ProductOfCard(State.ProductId);
        if (!product.Points) throw RewardAvailability.NotAvailable($"Cards of product {product.ProductId} carry no points.");
        long bonus = 0;
        if (d.Kind == RewardKinds.StoredValue)
        {
            if (!product.StoredValue) throw RewardAvailability.NotAvailable($"Cards of product {product.ProductId} carry no stored value.");
            if ((Int128)State.Balance + d.BonusAmount > product.BalanceCap)
                throw new DomainException(ErrorCodes.BalanceCapExceeded, $"The bonus would take the balance past the cap of {product.BalanceCap}.");
            bonus = d.BonusAmount;
        }
        IssuedCoupon? coupon = null;
        if (d.Kind == RewardKinds.Coupon)
        {
            var campaign = await GrainFactory.GetGrain<ICampaignGrain>(d.CampaignId!).GetAsync();
            if (campaign is null || !MallCoupons.Redeemable(campaign))
                throw RewardAvailability.NotAvailable($"The coupons of campaign {d.CampaignId} cannot be used now.");
            coupon = MallCoupons.Issue(campaign, State.MemberId, now);
        }
        var (lots, draws) = PointLots.Take(State.PointLots, d.PointsPrice);
        var slot = d.PerMemberLimit is { } limit ? await FreeLimitSlotAsync(reward.RewardId, limit) : (int?)null;
        // Last, so that no refusal above leaves a unit held.
        var hold = d.TotalStock is null ? null : await rewards.ReserveUnitAsync();

        var id = Guid.CreateVersion7().ToString("N");
        var order = new MallOrder
        {
            OrderId = id, RewardId = reward.RewardId, RewardVersion = reward.Version, RewardName = d.Name, Kind = d.Kind,
            CardNo = Key, MemberId = State.MemberId, StoreId = command.StoreId, Points = d.PointsPrice, Unit = hold?.Unit,
            LimitSlot = slot, CouponCode = coupon?.Code, BonusAmount = bonus, Gift = d.Gift,
            ShippingAddress = d.Kind == RewardKinds.Gift ? command.ShippingAddress : null,
            TransactionId = id, PointsDrawn = draws, CreatedAt = now,
        };
        var t = NewTransaction(id, TransactionTypes.MallExchange, command.StoreId, null, 0, bonus, -d.PointsPrice, rules.Version) with
        {
            Bonus = bonus,
            PointsRedeemed = d.PointsPrice,
            PointsDrawn = draws,
            Reason = $"mall reward {reward.RewardId} v{reward.Version}: {d.Name}",
            RewardId = reward.RewardId,
            RewardVersion = reward.Version,
            MallOrderId = id,
        };
        return new ExchangePlan(order, t, Apply(State, t) with { Lots = lots }, hold, coupon);
    }

    private async Task CommitExchangeAsync(ExchangePlan plan, ExchangeReward command, ClaimKey? idempotencyClaim)
    {
        var (order, t, actor) = (plan.Order, plan.Transaction, command.Actor);
        var record = new RequestRecord(command.Request.Fingerprint, Key, t);
        await CommitAsync(plan.Next, w =>
        {
            w.Journal(t.Type, t).Publish($"card.{t.Type}", t).Audit(actor, Key, t.CreatedAt);
            w.Claim(MallKeys.Order(order.OrderId), order);
            if (order.Unit is { } unit) w.Claim(MallKeys.Unit(order.RewardId, unit), order.OrderId);
            if (order.LimitSlot is { } slot) w.Claim(MallKeys.Limit(order.RewardId, order.MemberId, slot), order.OrderId);
            if (plan.Coupon is { } coupon) w.Claim(CouponKeys.Code(coupon.Code), coupon).Append(CouponKeys.MemberLog(coupon.MemberId), coupon);
            if (order.Kind == RewardKinds.Gift) w.Append(MallKeys.StoreOrdersLog(order.StoreId), order);
            w.Append(MallKeys.MemberOrdersLog(order.MemberId), order).Append(MallKeys.ExchangesLog, order);
            if (idempotencyClaim is { } idem) w.Claim(idem, record, Clock.GetUtcNow() + IdempotencyRetention);
        });
        if (idempotencyClaim is { } i) _recent.Remember(i, record);
    }

    // The lowest slot of the member's limit no exchange holds; limit_reached when every one is held.
    private async Task<int> FreeLimitSlotAsync(string rewardId, int limit)
    {
        for (var slot = 1; slot <= limit; slot++)
        {
            if (await ReadClaimAsync(MallKeys.Limit(rewardId, State.MemberId, slot)) is null) return slot;
        }
        throw new DomainException(ErrorCodes.LimitReached, $"The member has exchanged reward {rewardId} {limit} times, its limit.");
    }

    private async Task ReleaseHoldAsync(ExchangePlan plan)
    {
        if (plan.Hold is { } hold) await TellRewardAsync(plan.Order.RewardId, r => r.ReleaseHoldAsync(hold));
    }

    // The reward only keeps its numbering tidy; the unit's claim decides. A hold it is not told about expires and is swept.
    private async Task TellRewardAsync(string rewardId, Func<IMallRewardGrain, Task> tell)
    {
        try
        {
            await tell(GrainFactory.GetGrain<IMallRewardGrain>(rewardId));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not told (any failure: the exchange is committed and must be answered as done): the hold expires and the
            // reward sweeps it, reading the unit's claim.
        }
    }

    private async Task<MallExchange> ReplayExchangeAsync(CardTransaction earlier, AuditActor? actor)
    {
        if (earlier.MallOrderId is not { } orderId || await ReadClaimAsync(MallKeys.Order(orderId)) is not { } claim)
            throw new DomainException(ErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was already used with a different request.");
        var order = Serializer.Deserialize<MallOrder>(claim.Value);
        return new MallExchange(order, await AuditedAsync(earlier, actor), InitialStatus(order));
    }

    private static string InitialStatus(MallOrder order) =>
        order.Kind == RewardKinds.Gift ? MallOrderStatuses.Ordered : MallOrderStatuses.Delivered;
}
