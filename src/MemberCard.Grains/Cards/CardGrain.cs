using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Cards;
using MemberCard.Grains.Audit;
using MemberCard.Grains.Campaigns;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Grains.Rules;
using MemberCard.Runtime;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Cards;

/// <summary>
/// A card: balance, points and ledger. Each money-moving call is one turn that decides, then commits the
/// new state, its ledger entry, its outbox event and its idempotency / order-number claims in one write.
/// A claim conflict means the request was seen before: the earlier answer is replayed or the reuse refused.
/// </summary>
[GrainType("card")]
public sealed class CardGrain(IOptionsMonitor<LoyaltyRules> rules, CouponBook coupons) : Grain<CardState>, ICardGrain
{
    private static readonly TimeSpan IdempotencyRetention = TimeSpan.FromHours(48);
    private readonly RecentRequests _recent = new(256);

    protected override CardState CreateInitialState() => new("", "", 0, 0, "", default);

    public async Task<CardView> OpenAsync(OpenCard command)
    {
        if (StateExists) throw new DomainException(ErrorCodes.CardExists, $"Card {GrainId.Key} already exists.");
        var next = new CardState(command.MemberId, CardStatuses.Active, 0, 0, command.Tier, Clock.GetUtcNow());
        await CommitAsync(next, w => w.Publish("card.opened", ToView(next)));
        return ToView(State);
    }

    public Task<CardView?> GetAsync() => Task.FromResult(StateExists ? ToView(State) : null);

    public Task<CardTransaction> TopUpAsync(TopUp command) => ExecuteAsync(command.Request, command.Actor, null, () =>
    {
        RequireActive();
        var rule = rules.CurrentValue;
        var bonus = rule.BonusFor(command.Amount);
        if ((Int128)State.Balance + command.Amount + bonus > rule.BalanceCap)
            throw new DomainException(ErrorCodes.BalanceCapExceeded, $"The top-up would take the balance past the cap of {rule.BalanceCap}.");
        var credit = command.Amount + bonus;
        return Task.FromResult(NewTransaction(TransactionTypes.TopUp, command.StoreId, null, credit, 0) with
        {
            Amount = command.Amount,
            Bonus = bonus,
        });
    });

    public Task<CardTransaction> PurchaseAsync(Purchase command) =>
        ExecuteAsync(command.Request, command.Actor, OrderClaim(command.StoreId, command.OrderNo), async () =>
        {
            RequireActive();
            var rule = rules.CurrentValue;
            // Campaigns: the coupon comes off first, then points pay from what is left.
            var coupon = command.CouponCode is { } code
                ? await coupons.PrepareAsync(code, State.MemberId, command.StoreId, command.Amount, command.PointsToRedeem)
                : null;
            var couponDiscount = coupon?.Discount ?? 0;
            var pointsValue = rule.ValueOf(command.PointsToRedeem);
            if (pointsValue is null || pointsValue > command.Amount - couponDiscount)
                throw DomainException.Invalid("pointsToRedeem", "The points are worth more than the order.");
            long? discount = pointsValue + couponDiscount;
            if (command.BalanceAmount > command.Amount - discount)
                throw DomainException.Invalid("balanceAmount", "balanceAmount may not exceed amount minus the discount.");
            if (command.PointsToRedeem > State.Points)
                throw new DomainException(ErrorCodes.InsufficientPoints, $"The card has {State.Points} points.");
            if (command.BalanceAmount > State.Balance)
                throw new DomainException(ErrorCodes.InsufficientBalance, $"The card balance is {State.Balance}.");
            // Points are earned on money only: balance or paid outside, never on what points took off.
            var earned = rule.PointsEarnedOn(command.Amount - discount.Value);
            return NewTransaction(TransactionTypes.Purchase, command.StoreId, command.OrderNo,
                -command.BalanceAmount, earned - command.PointsToRedeem) with
            {
                Amount = command.Amount,
                Discount = discount.Value,
                PointsRedeemed = command.PointsToRedeem,
                BalanceCharged = command.BalanceAmount,
                PointsEarned = earned,
                CouponCode = coupon?.Code,
                CouponCampaignId = coupon?.CampaignId,
                CouponDiscount = couponDiscount,
                CouponGift = coupon?.Gift,
            };
        });

    public Task<CardTransaction> RefundAsync(Refund command) => ExecuteAsync(command.Request, command.Actor, null, async () =>
    {
        var history = await ReadJournalAsync(new JournalQuery(1000, null, Correlation(command.StoreId, command.OrderNo)));
        var entries = history.Select(e => Deserialize(e.Json)).ToList();
        var purchase = entries.FirstOrDefault(e => e.Type == TransactionTypes.Purchase)
            ?? throw new DomainException(ErrorCodes.OrderNotFound, $"Order {command.OrderNo} of store {command.StoreId} was not paid with this card.");
        var share = RefundShare.Compute(purchase, entries.Where(e => e.Type == TransactionTypes.Refund).Sum(e => e.Amount), command.Amount);
        // Points already spent cannot be taken back below zero; the shortfall is forgiven and visible in the entry.
        var reversed = Math.Min(share.PointsReversed, State.Points + share.PointsRestored);
        return NewTransaction(TransactionTypes.Refund, command.StoreId, command.OrderNo,
            share.BalanceRefunded, share.PointsRestored - reversed) with
        {
            Amount = share.Amount,
            BalanceRefunded = share.BalanceRefunded,
            PointsReversed = reversed,
            PointsRestored = share.PointsRestored,
            // Campaigns: the refund that completes the order gives its coupon back (once: nothing is left to refund after it).
            CouponCode = purchase.CouponCode,
            CouponCampaignId = purchase.CouponCampaignId,
            CouponDiscount = purchase.CouponDiscount,
            CouponRestored = purchase.CouponCode is not null && share.Amount == purchase.Amount - entries.Where(e => e.Type == TransactionTypes.Refund).Sum(e => e.Amount),
        };
    });

    public Task<CardView> FreezeAsync(ChangeCardStatus command) => ChangeStatusAsync(CardStatuses.Frozen, command);

    public Task<CardView> UnfreezeAsync(ChangeCardStatus command) => ChangeStatusAsync(CardStatuses.Active, command);

    public async Task<LedgerPage> ListTransactionsAsync(int limit, LedgerCursor? before)
    {
        RequireCard();
        var position = before is null ? (JournalPosition?)null : new JournalPosition(before.Version, before.Index);
        var entries = await ReadJournalAsync(new JournalQuery(limit + 1, position));
        var items = entries.Take(limit).Select(e => Deserialize(e.Json)).ToList();
        var next = entries.Count > limit ? new LedgerCursor(entries[limit - 1].Version, entries[limit - 1].Index) : null;
        return new LedgerPage(items, next);
    }

    private async Task<CardTransaction> ExecuteAsync(
        RequestIdentity request, AuditActor? actor, ClaimKey? orderClaim, Func<Task<CardTransaction>> decide)
    {
        RequireCard();
        var idempotencyClaim = IdempotencyClaim(request);
        if (Remembered(request, idempotencyClaim, orderClaim) is { } remembered) return await AuditedAsync(remembered, actor);

        CardTransaction transaction;
        try
        {
            transaction = await decide();
        }
        catch (DomainException)
        {
            // A retry of a request that already succeeded must replay, even if the card could not afford it now.
            if (await FindEarlierAsync(request, idempotencyClaim, orderClaim) is { } earlier) return await AuditedAsync(earlier, actor);
            throw;
        }

        var next = State with { Balance = transaction.Balance, Points = transaction.Points };
        var record = new RequestRecord(request.Fingerprint, GrainId.Key, transaction);
        var expires = Clock.GetUtcNow() + IdempotencyRetention;
        try
        {
            await CommitAsync(next, w =>
            {
                w.Journal(transaction.Type, transaction, transaction.OrderNo is null ? null : Correlation(transaction.StoreId, transaction.OrderNo));
                w.Publish($"card.{transaction.Type}", transaction);
                w.Audit(actor, GrainId.Key, transaction.CreatedAt);
                w.RedeemCoupon(transaction).RestoreCoupon(transaction);
                if (idempotencyClaim is { } idem) w.Claim(idem, record, expires);
                if (orderClaim is { } order) w.Claim(order, record);
            });
        }
        catch (ClaimConflictException)
        {
            var earlier = await FindEarlierAsync(request, idempotencyClaim, orderClaim);
            // Campaigns: another till committed this coupon first.
            if (earlier is null && transaction.Type == TransactionTypes.Purchase && transaction.CouponCode is { } code
                && await coupons.FindRedemptionAsync(code) is not null)
                throw CouponRules.AlreadyRedeemed();
            if (earlier is null) throw new GrainUnavailableException("A claim expired while it was being checked; try again.");
            return await AuditedAsync(earlier, actor);
        }
        if (idempotencyClaim is { } i) _recent.Remember(i, record);
        if (orderClaim is { } o) _recent.Remember(o, record);
        return transaction;
    }

    // A replay changes nothing, but the request was still made: it is audited with a write that carries only the entry.
    private async Task<CardTransaction> AuditedAsync(CardTransaction replayed, AuditActor? actor)
    {
        if (actor is not null) await CommitAsync(State, w => w.Audit(actor, GrainId.Key, Clock.GetUtcNow()));
        return replayed;
    }

    private CardTransaction? Remembered(RequestIdentity request, ClaimKey? idempotencyClaim, ClaimKey? orderClaim)
    {
        if (idempotencyClaim is { } i && _recent.Find(i) is { } byKey) return Replay(request, byKey, ErrorCodes.IdempotencyKeyReused);
        if (orderClaim is { } o && _recent.Find(o) is { } byOrder) return Replay(request, byOrder, ErrorCodes.DuplicateOrder);
        return null;
    }

    private async Task<CardTransaction?> FindEarlierAsync(RequestIdentity request, ClaimKey? idempotencyClaim, ClaimKey? orderClaim)
    {
        if (idempotencyClaim is { } i && await ReadClaimAsync(i) is { } byKey)
            return Replay(request, Serializer.Deserialize<RequestRecord>(byKey.Value), ErrorCodes.IdempotencyKeyReused);
        if (orderClaim is { } o && await ReadClaimAsync(o) is { } byOrder)
            return Replay(request, Serializer.Deserialize<RequestRecord>(byOrder.Value), ErrorCodes.DuplicateOrder);
        return null;
    }

    private static CardTransaction Replay(RequestIdentity request, RequestRecord earlier, string reusedCode) =>
        earlier.Fingerprint == request.Fingerprint
            ? earlier.Transaction
            : throw new DomainException(reusedCode, reusedCode == ErrorCodes.DuplicateOrder
                ? "This order number was already used with a different request."
                : "This Idempotency-Key was already used with a different request.");

    private async Task<CardView> ChangeStatusAsync(string status, ChangeCardStatus command)
    {
        RequireCard();
        if (State.Status == status)
        {
            if (command.Actor is not null) await CommitAsync(State, w => w.Audit(command.Actor, GrainId.Key, Clock.GetUtcNow()));
            return ToView(State);
        }
        var next = State with { Status = status };
        await CommitAsync(next, w => w
            .Publish($"card.{status}", new CardStatusChanged(GrainId.Key, status, command.Reason, Clock.GetUtcNow()))
            .Audit(command.Actor, GrainId.Key, Clock.GetUtcNow()));
        return ToView(State);
    }

    private CardTransaction NewTransaction(string type, string storeId, string? orderNo, long balanceDelta, long pointsDelta) => new()
    {
        TransactionId = Guid.CreateVersion7().ToString("N"),
        Type = type,
        CardNo = GrainId.Key,
        StoreId = storeId,
        OrderNo = orderNo,
        BalanceDelta = balanceDelta,
        PointsDelta = pointsDelta,
        Balance = State.Balance + balanceDelta,
        Points = State.Points + pointsDelta,
        RulesVersion = rules.CurrentValue.Version,
        CreatedAt = Clock.GetUtcNow(),
    };

    private void RequireCard()
    {
        if (!StateExists) throw new DomainException(ErrorCodes.CardNotFound, $"Card {GrainId.Key} does not exist.");
    }

    private void RequireActive()
    {
        if (State.Status == CardStatuses.Frozen) throw new DomainException(ErrorCodes.CardFrozen, $"Card {GrainId.Key} is frozen.");
    }

    private CardView ToView(CardState s) => new(GrainId.Key, s.MemberId, s.Status, s.Balance, s.Points, s.Tier, s.CreatedAt);

    private CardTransaction Deserialize(string json) => Serializer.Deserialize<CardTransaction>(json);

    private static string Correlation(string storeId, string orderNo) => $"{storeId}/{orderNo}";

    private static ClaimKey OrderClaim(string storeId, string orderNo) => new("order", Correlation(storeId, orderNo));

    private static ClaimKey? IdempotencyClaim(RequestIdentity request) =>
        request.IdempotencyKey is null ? null : new ClaimKey($"idem:{request.IdempotencyScope}", request.IdempotencyKey);
}

/// <summary>Outbox event of a freeze or unfreeze.</summary>
public sealed record CardStatusChanged(string CardNo, string Status, string? Reason, DateTimeOffset At);
