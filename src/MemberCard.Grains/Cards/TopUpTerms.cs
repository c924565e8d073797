using MemberCard.Abstractions;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Rules;

namespace MemberCard.Grains.Cards;

/// <summary>What a top-up gives under a product's rules; the card's top-up and the API's preview decide with this one rule.</summary>
public static class TopUpTerms
{
    /// <summary>
    /// The bonus a top-up of <paramref name="amount"/> earns on a card holding <paramref name="balance"/>; refused when the
    /// product carries no stored value (400) or the balance would pass its cap (409 <c>balance_cap_exceeded</c>).
    /// </summary>
    public static long Bonus(CardProduct product, long balance, long amount)
    {
        ArgumentNullException.ThrowIfNull(product);
        if (!product.StoredValue) throw DomainException.Invalid("amount", $"Cards of product {product.ProductId} carry no stored value.");
        var bonus = product.BonusFor(amount);
        if ((Int128)balance + amount + bonus > product.BalanceCap)
            throw new DomainException(ErrorCodes.BalanceCapExceeded, $"The top-up would take the balance past the cap of {product.BalanceCap}.");
        return bonus;
    }
}
