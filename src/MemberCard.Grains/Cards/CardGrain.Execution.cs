using MemberCard.Grains.Shared;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Audit;
using MemberCard.Grains.Campaigns;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Grains.Points;
using MemberCard.Grains.Tiers;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Telemetry;

namespace MemberCard.Grains.Cards;

/// <summary>What a money- or points-moving call decided: its ledger entry, the next state, and whether it moved the card's tier activity.</summary>
internal sealed record Decision(CardTransaction Transaction, CardState Next, bool TierActivity = false);

public sealed partial class CardGrain
{
    // How many lost cards back a refund looks for the order it refunds.
    private const int MaxReplacementsFollowed = 10;

    private async Task<CardTransaction> ExecuteAsync(
        RequestIdentity request, AuditActor? actor, ClaimKey? orderClaim, Func<string, Task<Decision>> decide)
    {
        RequireCard();
        if (_activityUnreported && !Staging) await ReportActivityAsync();
        var idempotencyClaim = IdempotencyClaim(request);
        if (Remembered(request, idempotencyClaim, orderClaim) is { } remembered) return await AuditedAsync(remembered, actor);
        await ExpireDueLotsAsync();

        Decision decision;
        try
        {
            decision = await decide(Guid.CreateVersion7().ToString("N"));
        }
        catch (DomainException)
        {
            // A retry of a request that already succeeded must replay, even if the card could not afford it now.
            if (await FindEarlierAsync(request, idempotencyClaim, orderClaim) is { } earlier) return await AuditedAsync(earlier, actor);
            throw;
        }

        var transaction = decision.Transaction;
        var record = new RequestRecord(request.Fingerprint, Key, transaction);
        var expires = Clock.GetUtcNow() + IdempotencyRetention;
        try
        {
            await CommitAsync(decision.Next, w =>
            {
                w.Journal(transaction.Type, transaction, transaction.OrderNo is null ? null : Correlation(transaction.StoreId, transaction.OrderNo));
                w.Publish($"card.{transaction.Type}", transaction);
                w.Audit(actor, Key, transaction.CreatedAt);
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
                && await _coupons.FindRedemptionAsync(code) is not null)
                throw CouponRules.AlreadyRedeemed();
            if (earlier is null) throw new DomainException(ErrorCodes.Unavailable, "A claim expired while it was being checked; try again.");
            return await AuditedAsync(earlier, actor);
        }
        if (Staging) _batchMoved.Add(transaction);
        else CountMoved(transaction);
        if (idempotencyClaim is { } i) _recent.Remember(i, record);
        if (orderClaim is { } o) _recent.Remember(o, record);
        if (decision.TierActivity)
        {
            _activityUnreported = true;
            if (!Staging) await ReportActivityAsync();
        }
        return transaction;
    }

    private static void CountMoved(CardTransaction transaction)
    {
        var kind = new KeyValuePair<string, object?>("kind", transaction.Type);
        MemberCardInstruments.MoneyMoved.Add(Math.Abs(transaction.BalanceDelta), kind);
        MemberCardInstruments.PointsMoved.Add(Math.Abs(transaction.PointsDelta), kind);
    }

    // On a card whose product carries tiers, a purchase or refund also moves the card's rolling tier activity.
    private Decision WithTierActivity(bool tiers, CardTransaction t, CardState next, long spend, long points, DateTimeOffset now) =>
        tiers
            ? new Decision(t, next with { Activity = RollingMeasure.Add(State.Activity ?? [], now, spend, points, now) }, TierActivity: true)
            : new Decision(t, next);

    // The card's tier activity is committed with its transaction and the member sums its cards' activity, reading
    // each card's committed state when it activates; the report only makes an upgrade immediate. A report that
    // cannot be delivered is retried on the card's next call; if that never comes, the member still counts the
    // activity the next time it activates (docs/rules.md). The till does not wait longer than Tiers:ReportWait for it: a
    // member whose silo just died answers only once Orleans has declared that silo dead, and the purchase is committed.
    private async Task ReportActivityAsync()
    {
        string tier;
        try
        {
            tier = await GrainFactory.GrainOf<IMemberGrain>(State.MemberId).ReportCardActivityAsync(new CardActivity(Key, Version, State.Activity ?? []))
                .WaitAsync(_reportWait, Clock);
        }
        catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
        {
            return;
        }
        _activityUnreported = false;
        if (tier.Length > 0 && tier != State.Tier) await CommitAsync(State with { Tier = tier });
    }

    // An order's entries on this card. When the order was not paid here and this card replaced a lost one, the
    // entries of the cards it replaced are added (walking back until the purchase is found): the lost card is
    // closed, so refunds of its orders come to its replacement. Read from storage, the lost cards are never called.
    private async Task<List<CardTransaction>> OrderHistoryAsync(string storeId, string orderNo)
    {
        var query = new JournalQuery(1000, null, Correlation(storeId, orderNo));
        var entries = (await ReadJournalAsync(query)).Select(e => Deserialize(e.Json)).ToList();
        var previous = State.ReplacedFrom;
        for (var hops = 0; previous is not null && hops < MaxReplacementsFollowed; hops++)
        {
            if (entries.Any(e => e.Type == TransactionTypes.Purchase)) break;
            entries.AddRange((await PeekJournalAsync("card", previous, query)).Select(e => Deserialize(e.Json)));
            previous = (await PeekStateAsync<CardState>("card", previous))?.State.ReplacedFrom;
        }
        return entries;
    }

    // Expiry runs before any points operation, in its own write, so the operation sees only live lots.
    private async Task<IReadOnlyList<CardTransaction>> ExpireDueLotsAsync()
    {
        var now = Clock.GetUtcNow();
        var due = PointLots.Due(State.PointLots, now);
        if (due.Count == 0) return [];
        var rulesVersion = (await RulesAsync()).Version;
        var entries = new List<CardTransaction>();
        var next = State;
        foreach (var lot in due)
        {
            var t = new CardTransaction
            {
                TransactionId = Guid.CreateVersion7().ToString("N"),
                Type = TransactionTypes.PointsExpiry,
                CardNo = Key,
                StoreId = "",
                PointsDelta = -lot.Remaining,
                Balance = next.Balance,
                Principal = next.Principal,
                BonusBalance = next.Bonus,
                Points = next.Points - lot.Remaining,
                RulesVersion = rulesVersion,
                Reason = $"lot {lot.LotId} earned {lot.EarnedAt:yyyy-MM-dd} expired at {lot.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}",
                CreatedAt = now,
            };
            entries.Add(t);
            next = next with { Points = t.Points, Lots = [.. next.PointLots.Where(l => l.LotId != lot.LotId)] };
        }
        await CommitAsync(next, w =>
        {
            foreach (var t in entries) w.Journal(t.Type, t).Publish($"card.{t.Type}", t);
        });
        return entries;
    }

    // A replay changes nothing, but the request was still made: it is audited with a write that carries only the entry.
    private async Task<CardTransaction> AuditedAsync(CardTransaction replayed, AuditActor? actor)
    {
        if (actor is not null) await CommitAsync(State, w => w.Audit(actor, Key, Clock.GetUtcNow()));
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

    private CardTransaction NewTransaction(
        string id, string type, string storeId, string? orderNo, long principalDelta, long bonusDelta, long pointsDelta, int rulesVersion) => new()
    {
        TransactionId = id,
        Type = type,
        CardNo = Key,
        StoreId = storeId,
        OrderNo = orderNo,
        PrincipalDelta = principalDelta,
        BonusDelta = bonusDelta,
        BalanceDelta = principalDelta + bonusDelta,
        PointsDelta = pointsDelta,
        Principal = State.Principal + principalDelta,
        BonusBalance = State.Bonus + bonusDelta,
        Balance = State.Balance + principalDelta + bonusDelta,
        Points = State.Points + pointsDelta,
        RulesVersion = rulesVersion,
        CreatedAt = Clock.GetUtcNow(),
    };

    // The balances a ledger entry leaves (lots are set by the caller).
    private static CardState Apply(CardState state, CardTransaction t) =>
        state with { Principal = t.Principal, Bonus = t.BonusBalance, Balance = t.Balance, Points = t.Points };

    private void RequireCard()
    {
        if (!StateExists) throw new DomainException(ErrorCodes.CardNotFound, $"Card {Key} does not exist.");
    }

    private void RequireOpen()
    {
        if (State.Status == CardStatuses.Closed)
            throw new DomainException(ErrorCodes.CardClosed, State.ReplacedBy is { } by
                ? $"Card {Key} was reported lost and replaced by {by}."
                : $"Card {Key} is closed.");
    }

    private void RequireActive()
    {
        RequireOpen();
        if (State.Status == CardStatuses.Frozen) throw new DomainException(ErrorCodes.CardFrozen, $"Card {Key} is frozen.");
    }

    private CardView ToView(CardState s) => new(Key, s.MemberId, s.Status, s.Balance, s.Points, s.Tier, s.CreatedAt,
        s.Principal, s.Bonus, s.ProductId, s.ReplacedBy, s.ReplacedFrom, s.PointLots);

    private CardTransaction Deserialize(string json) => Serializer.Deserialize<CardTransaction>(json);

    private static string Correlation(string storeId, string orderNo) => $"{storeId}/{orderNo}";

    private static ClaimKey OrderClaim(string storeId, string orderNo) => new("order", Correlation(storeId, orderNo));

    private static ClaimKey? IdempotencyClaim(RequestIdentity request) =>
        request.IdempotencyKey is null ? null : new ClaimKey($"idem:{request.IdempotencyScope}", request.IdempotencyKey);
}
