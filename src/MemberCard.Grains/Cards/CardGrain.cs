using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Audit;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Grains.Points;
using MemberCard.Grains.Rules;
using MemberCard.Grains.Shared;
using MemberCard.Grains.Tiers;
using MemberCard.Runtime.Storage;

using MemberCard.Storage.State;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Cards;

/// <summary>
/// A card: principal, bonus, points lots and ledger. Each money-moving call is one turn that decides under the
/// current rule set, then commits the new state, its ledger entry, its outbox event and its idempotency /
/// order-number claims in one write. A claim conflict means the request was seen before: the earlier answer
/// is replayed or the reuse refused. Due points lots expire (with ledger entries) before any points operation.
/// </summary>
[GrainType("card")]
public sealed partial class CardGrain(CouponBook coupons, CurrentRules rules, IOptions<TierOptions> tiers, [AtomicState] IAtomicState<CardState> state) : StateGrain<CardState>(state), ICardGrain
{
    private readonly CouponBook _coupons = coupons;
    private readonly CurrentRules _rules = rules;
    private static readonly TimeSpan IdempotencyRetention = TimeSpan.FromHours(48);
    private readonly TimeSpan _reportWait = tiers.Value.ReportWait;
    private readonly RecentRequests _recent = new(256);
    private bool _activityUnreported;

    protected override CardState CreateInitialState() => new("", "", 0, 0, "", default);

    public async Task<CardView> OpenAsync(OpenCard command)
    {
        if (StateExists) throw new DomainException(ErrorCodes.CardExists, $"Card {Key} already exists.");
        var product = (await RulesAsync()).Product(command.ProductId);
        var next = new CardState(command.MemberId, CardStatuses.Active, 0, 0, command.Tier, Clock.GetUtcNow(), ProductId: product.ProductId, Lots: []);
        await CommitAsync(next, w => w.Publish("card.opened", ToView(next)));
        return ToView(State);
    }

    public Task<CardView?> GetAsync() => Task.FromResult(StateExists ? ToView(State) : null);

    public Task<CardTransaction> TopUpAsync(TopUp command) => ExecuteAsync(command.Request, command.Actor, null, async id =>
    {
        var codeStep = CodeStep(command.MemberCode);
        RequireActive();
        var rules = await RulesAsync(command.StoreId);
        var bonus = TopUpTerms.Bonus(rules.ProductOfCard(State.ProductId), State.Balance, command.Amount);
        var t = NewTransaction(id, TransactionTypes.TopUp, command.StoreId, null, command.Amount, bonus, 0, rules.Version) with
        {
            Amount = command.Amount,
            Bonus = bonus,
        };
        return new Decision(t, UsingCode(Apply(State, t), codeStep));
    });

    public Task<CardTransaction> PurchaseAsync(Purchase command) =>
        ExecuteAsync(command.Request, command.Actor, OrderClaim(command.StoreId, command.OrderNo), async id =>
        {
            var codeStep = CodeStep(command.MemberCode);
            RequireActive();
            var rules = await RulesAsync(command.StoreId);
            var product = rules.ProductOfCard(State.ProductId);
            if (!product.Points && command.PointsToRedeem > 0)
                throw DomainException.Invalid("pointsToRedeem", $"Cards of product {product.ProductId} carry no points.");
            if (!product.StoredValue && command.BalanceAmount > 0)
                throw DomainException.Invalid("balanceAmount", $"Cards of product {product.ProductId} carry no stored value.");
            if (rules.MaxPointsRedeemedPerOrder > 0 && command.PointsToRedeem > rules.MaxPointsRedeemedPerOrder)
                throw DomainException.Invalid("pointsToRedeem", $"At most {rules.MaxPointsRedeemedPerOrder} points may be redeemed on one order.");
            // Campaigns: the coupon comes off first, then points pay from what is left.
            var coupon = command.CouponCode is { } code
                ? await _coupons.PrepareAsync(code, State.MemberId, command.StoreId, command.Amount, command.PointsToRedeem)
                : null;
            var couponDiscount = coupon?.Discount ?? 0;
            var discount = PurchasePricing.PointsValue(rules, command.Amount, command.PointsToRedeem, couponDiscount) + couponDiscount;
            if (command.BalanceAmount > command.Amount - discount)
                throw DomainException.Invalid("balanceAmount", "balanceAmount may not exceed amount minus the discount.");
            var (lots, draws) = PointLots.Take(State.PointLots, command.PointsToRedeem);
            var (fromPrincipal, fromBonus) = StoredValueSplit.Spend(State.Principal, State.Bonus, command.BalanceAmount, product.BonusPaysAt(command.StoreId));

            // Points are earned on money only: balance or paid outside, never on what points took off.
            var now = Clock.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var earnedToday = State.EarnDay == today ? State.EarnedToday : 0;
            var earned = PurchasePricing.Earned(rules, product, State.Tier, command.StoreId, now, command.Amount - discount, earnedToday);
            lots = PointLots.Add(lots, new PointLot(id, now, PointsExpiry.ExpiresAt(rules.PointsExpiryMonths, now), earned.Points));

            var t = NewTransaction(id, TransactionTypes.Purchase, command.StoreId, command.OrderNo, -fromPrincipal, -fromBonus,
                earned.Points - command.PointsToRedeem, rules.Version) with
            {
                Amount = command.Amount,
                Discount = discount,
                PointsRedeemed = command.PointsToRedeem,
                BalanceCharged = command.BalanceAmount,
                PointsEarned = earned.Points,
                PointsDrawn = draws.Count > 0 ? draws : null,
                Reason = earned.Promotion is null ? null : $"promotion {earned.Promotion} ×{earned.PromotionMultiplierPercent}%",
                CouponCode = coupon?.Code,
                CouponCampaignId = coupon?.CampaignId,
                CouponDiscount = couponDiscount,
                CouponGift = coupon?.Gift,
            };
            var next = UsingCode(Apply(State, t) with { Lots = lots, EarnDay = today, EarnedToday = earnedToday + earned.Points }, codeStep);
            return WithTierActivity(product.Tiers, t, next, command.Amount - discount, earned.Points, now);
        });

    public Task<CardTransaction> RefundAsync(Refund command) => ExecuteAsync(command.Request, command.Actor, null, async id =>
    {
        RequireOpen();
        var rules = await RulesAsync(command.StoreId);
        var entries = await OrderHistoryAsync(command.StoreId, command.OrderNo);
        var purchase = entries.FirstOrDefault(e => e.Type == TransactionTypes.Purchase)
            ?? throw new DomainException(ErrorCodes.OrderNotFound, $"Order {command.OrderNo} of store {command.StoreId} was not paid with this card.");
        var earlier = entries.Where(e => e.Type == TransactionTypes.Refund).ToList();
        var share = RefundShare.Compute(purchase, earlier.Sum(e => e.Amount), command.Amount);

        // Points the order spent go back to the lots they came from (with those lots' dates).
        var lots = State.PointLots;
        var restore = PointLots.Restore(purchase.PointsDrawn ?? [], earlier.Sum(e => e.PointsRestored), share.PointsRestored);
        foreach (var d in restore) lots = PointLots.GiveBack(lots, new PointLot(d.LotId, d.EarnedAt, d.ExpiresAt, d.Points));
        var unplaced = share.PointsRestored - restore.Sum(d => d.Points);
        var now = Clock.GetUtcNow();
        lots = PointLots.Add(lots, new PointLot(id, now, PointsExpiry.ExpiresAt(rules.PointsExpiryMonths, now), unplaced));
        // Points the order earned come back out of its own lot first; what was already spent is forgiven (visible in the entry).
        var (afterReversal, reversed) = PointLots.TakeUpTo(lots, share.PointsReversed, purchase.TransactionId);

        var t = NewTransaction(id, TransactionTypes.Refund, command.StoreId, command.OrderNo, share.PrincipalRefunded, share.BonusRefunded,
            share.PointsRestored - reversed, rules.Version) with
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
            // An order paid with the lost card this one replaced: the refund comes here, and names the card that paid.
            RelatedCardNo = purchase.CardNo == Key ? null : purchase.CardNo,
        };
        return WithTierActivity(rules.ProductOfCard(State.ProductId).Tiers, t, Apply(State, t) with { Lots = afterReversal },
            -share.MoneyRefunded, -reversed, now);
    });

    public Task<CardTransaction> AdjustPointsAsync(AdjustPoints command) => ExecuteAsync(command.Request, command.Actor, null, async id =>
    {
        RequireOpen();
        var rules = await RulesAsync();
        var now = Clock.GetUtcNow();
        var lots = command.Points >= 0
            ? PointLots.Add(State.PointLots, new PointLot(id, now, PointsExpiry.ExpiresAt(rules.PointsExpiryMonths, now), command.Points))
            : PointLots.Take(State.PointLots, -command.Points).Lots;
        var t = NewTransaction(id, TransactionTypes.PointsAdjustment, "", null, 0, 0, command.Points, rules.Version) with { Reason = command.Reason };
        return new Decision(t, Apply(State, t) with { Lots = lots });
    });

    public async Task<IReadOnlyList<CardTransaction>> ExpirePointsAsync(ExpirePoints command)
    {
        RequireCard();
        var expired = await ExpireDueLotsAsync();
        if (command.Actor is not null) await CommitAsync(State, w => w.Audit(command.Actor, Key, Clock.GetUtcNow()));
        return expired;
    }

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

    private ValueTask<RuleSet> RulesAsync() => _rules.GetAsync();

    // At a pilot store the pilot's version (docs/rules.md, "Gray release").
    private ValueTask<RuleSet> RulesAsync(string storeId) => _rules.GetForStoreAsync(storeId);
}
