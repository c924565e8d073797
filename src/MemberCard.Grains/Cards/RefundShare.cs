using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;

namespace MemberCard.Grains.Cards;

/// <summary>
/// How much of a purchase a refund gives back. A refund is a part of the order total; balance, redeemed
/// points and earned points come back in proportion, computed on the running total so that the refunds of
/// an order always add up exactly to the purchase (rounding never loses or creates a minor unit).
/// </summary>
internal sealed record RefundShare(long Amount, long BalanceRefunded, long PointsRestored, long PointsReversed)
{
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
            Slice(purchase.PointsEarned, refundedSoFar, after, purchase.Amount));
    }

    private static long Slice(long total, long from, long to, long whole) => Portion(total, to, whole) - Portion(total, from, whole);

    private static long Portion(long total, long part, long whole) => (long)((Int128)total * part / whole);
}
