using MemberCard.Abstractions;
using MemberCard.Grains.Cards;

namespace MemberCard.Grains.Tests;

public sealed class StoredValueSplitTests
{
    [Theory]
    [InlineData(10_000, 2_000, 3_000, true, 3_000, 0)]
    [InlineData(10_000, 2_000, 10_000, true, 10_000, 0)]
    [InlineData(10_000, 2_000, 10_001, true, 10_000, 1)]
    [InlineData(10_000, 2_000, 12_000, true, 10_000, 2_000)]
    [InlineData(0, 2_000, 1_500, true, 0, 1_500)]
    [InlineData(10_000, 2_000, 10_000, false, 10_000, 0)]
    [InlineData(0, 0, 0, true, 0, 0)]
    public void PrincipalPaysFirstThenBonus(long principal, long bonus, long amount, bool bonusMayPay, long fromPrincipal, long fromBonus) =>
        Assert.Equal((fromPrincipal, fromBonus), StoredValueSplit.Spend(principal, bonus, amount, bonusMayPay));

    [Theory]
    [InlineData(10_000, 2_000, 12_001, true)]
    [InlineData(10_000, 2_000, 10_001, false)] // the bonus exists but may not pay here
    public void TooLittleUsableMoneyIsInsufficientBalance(long principal, long bonus, long amount, bool bonusMayPay)
    {
        var e = Assert.Throws<DomainException>(() => StoredValueSplit.Spend(principal, bonus, amount, bonusMayPay));
        Assert.Equal(ErrorCodes.InsufficientBalance, e.Code);
    }
}
