using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;

namespace MemberCard.Grains.Cards;

/// <summary>
/// How much of a purchase a refund gives back. A refund is a part of the order total; balance (and within it
/// bonus money, as a share of the balance part), redeemed points, earned points and the money paid (the tier measure) come back in proportion,
/// computed on the running total so that the refunds of an order always add up exactly to the purchase
/// (rounding never loses or creates a minor unit). Principal refunded is the balance part less the bonus part.
/// </summary>
public sealed record RefundShare(long Amount, long BalanceRefunded, long PointsRestored, long PointsReversed, long BonusRefunded = 0, long MoneyRefunded = 0)
{
    /// <summary>The share of <paramref name="requested"/> (null: all that is left) after <paramref name="refundedSoFar"/>.</summary>
    public static RefundShare Compute(CardTransaction purchase, long refundedSoFar, long? requested)
    {
        var remaining = purchase.Amount - refundedSoFar;
        var amount = requested ?? remaining;
        if (remaining <= 0 || amount > remaining)
            throw new DomainException(ErrorCodes.RefundExceedsPurchase, $"At most {Math.Max(remaining, 0)} of this order can still be refunded.");
        var after = refundedSoFar + amount;
        return new RefundShare(
            amount,
            Slice(purchase.BalanceCharged, refundedSoFar, after, purchase.Amount),
            Slice(purchase.PointsRedeemed, refundedSoFar, after, purchase.Amount),
            Slice(purchase.PointsEarned, refundedSoFar, after, purchase.Amount),
            BonusWithin(-purchase.BonusDelta, purchase.BalanceCharged, refundedSoFar, after, purchase.Amount),
            Slice(purchase.Amount - purchase.Discount, refundedSoFar, after, purchase.Amount));
    }

    /// <summary>The principal part of <see cref="BalanceRefunded"/>.</summary>
    public long PrincipalRefunded => BalanceRefunded - BonusRefunded;

    // Bonus is a share of the balance refunded so far (not of the order), so a refund's bonus part never exceeds
    // its balance part and the principal part is never negative, while the totals still come out exact.
    private static long BonusWithin(long bonus, long balance, long from, long to, long whole) =>
        balance == 0 ? 0 : Portion(bonus, Portion(balance, to, whole), balance) - Portion(bonus, Portion(balance, from, whole), balance);

    private static long Slice(long total, long from, long to, long whole) => Portion(total, to, whole) - Portion(total, from, whole);

    private static long Portion(long total, long part, long whole) => (long)((Int128)total * part / whole);
}
