using MemberCard.Abstractions;

namespace MemberCard.Grains.Cards;

/// <summary>
/// How a payment from stored value splits between principal (本金) and bonus (赠送金): principal first, then
/// bonus, and bonus only where the card product lets it pay. See docs/rules.md for why principal goes first.
/// </summary>
public static class StoredValueSplit
{
    /// <summary>The principal and bonus parts of paying <paramref name="amount"/>, or <see cref="ErrorCodes.InsufficientBalance"/>.</summary>
    public static (long FromPrincipal, long FromBonus) Spend(long principal, long bonus, long amount, bool bonusMayPay)
    {
        var fromPrincipal = Math.Min(principal, amount);
        var fromBonus = amount - fromPrincipal;
        var usableBonus = bonusMayPay ? bonus : 0;
        if (fromBonus > usableBonus)
            throw new DomainException(ErrorCodes.InsufficientBalance, bonusMayPay
                ? $"The card balance is {principal + bonus}."
                : $"The card has {principal} of principal; its bonus money cannot pay at this store.");
        return (fromPrincipal, fromBonus);
    }
}
