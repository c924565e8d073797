namespace MemberCard.Baseline;

/// <summary>
/// The business rules with the product's default settings (its appsettings <c>Rules</c>), as plain functions of the
/// locked card row and the request. Each returns the ledger entry to write or throws the refusal.
/// </summary>
public static class Rules
{
    public const long PointsPerYuan = 1;
    public const long PointValue = 1;
    public const long BalanceCap = 500_000;
    public const string DefaultTier = "standard";
    public const string Active = "active";
    public const string Frozen = "frozen";

    // Highest step first: the highest step the top-up reaches applies.
    private static readonly (long MinAmount, long Bonus)[] TopUpBonus = [(50_000, 12_000), (10_000, 2_000)];

    public static LedgerEntry TopUp(CardRow card, string storeId, long amount)
    {
        RequireActive(card);
        var bonus = TopUpBonus.FirstOrDefault(s => amount >= s.MinAmount).Bonus;
        if ((Int128)card.Balance + amount + bonus > BalanceCap)
            throw new ApiError(ApiError.BalanceCapExceeded, $"The top-up would take the balance past the cap of {BalanceCap}.");
        return new LedgerEntry
        {
            Type = LedgerEntry.TopUp, StoreId = storeId, Amount = amount, Bonus = bonus,
            BalanceDelta = amount + bonus, Balance = card.Balance + amount + bonus, Points = card.Points,
        };
    }

    public static LedgerEntry Purchase(CardRow card, string storeId, string orderNo, long amount, long balanceAmount, long pointsToRedeem)
    {
        RequireActive(card);
        var discount = (Int128)pointsToRedeem * PointValue;
        if (discount > amount) throw ApiError.Invalid("pointsToRedeem", "The points are worth more than the order.");
        if (balanceAmount > amount - discount)
            throw ApiError.Invalid("balanceAmount", "balanceAmount may not exceed amount minus the discount.");
        if (pointsToRedeem > card.Points) throw new ApiError(ApiError.InsufficientPoints, $"The card has {card.Points} points.");
        if (balanceAmount > card.Balance) throw new ApiError(ApiError.InsufficientBalance, $"The card balance is {card.Balance}.");
        // Points are earned on money only (balance or paid outside), never on what points took off.
        var earned = (amount - (long)discount) * PointsPerYuan / 100;
        return new LedgerEntry
        {
            Type = LedgerEntry.Purchase, StoreId = storeId, OrderNo = orderNo, Amount = amount, Discount = (long)discount,
            PointsRedeemed = pointsToRedeem, BalanceCharged = balanceAmount, PointsEarned = earned,
            BalanceDelta = -balanceAmount, PointsDelta = earned - pointsToRedeem,
            Balance = card.Balance - balanceAmount, Points = card.Points + earned - pointsToRedeem,
        };
    }

    /// <summary>
    /// Gives back a part of the order total. Balance paid, points redeemed and points earned come back in proportion
    /// of the running totals, so all refunds of an order add up exactly to the purchase.
    /// </summary>
    public static LedgerEntry Refund(CardRow card, PaidOrder order, string storeId, string orderNo, long? requested)
    {
        var remaining = order.Amount - order.RefundedSoFar;
        var amount = requested ?? remaining;
        if (remaining <= 0 || amount > remaining)
            throw new ApiError(ApiError.RefundExceedsPurchase, $"At most {Math.Max(remaining, 0)} of this order can still be refunded.");
        var after = order.RefundedSoFar + amount;
        var balanceRefunded = Slice(order.BalanceCharged, order.RefundedSoFar, after, order.Amount);
        var pointsRestored = Slice(order.PointsRedeemed, order.RefundedSoFar, after, order.Amount);
        // Points already spent cannot be taken back below zero; the shortfall is forgiven and visible in the entry.
        var pointsReversed = Math.Min(Slice(order.PointsEarned, order.RefundedSoFar, after, order.Amount), card.Points + pointsRestored);
        return new LedgerEntry
        {
            Type = LedgerEntry.Refund, StoreId = storeId, OrderNo = orderNo, Amount = amount,
            BalanceRefunded = balanceRefunded, PointsRestored = pointsRestored, PointsReversed = pointsReversed,
            BalanceDelta = balanceRefunded, PointsDelta = pointsRestored - pointsReversed,
            Balance = card.Balance + balanceRefunded, Points = card.Points + pointsRestored - pointsReversed,
        };
    }

    private static void RequireActive(CardRow card)
    {
        if (card.Status == Frozen) throw new ApiError(ApiError.CardFrozen, "The card is frozen.");
    }

    private static long Slice(long total, long from, long to, long whole) => Portion(total, to, whole) - Portion(total, from, whole);

    private static long Portion(long total, long part, long whole) => (long)((Int128)total * part / whole);
}
