using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Grains.Cards;

namespace MemberCard.Grains.Tests;

public sealed class RefundShareTests
{
    private static CardTransaction Purchase(long amount, long discount, long principal, long bonus, long redeemed, long earned) => new()
    {
        TransactionId = "p",
        Type = TransactionTypes.Purchase,
        CardNo = "c",
        StoreId = "S001",
        CreatedAt = Rules.At(2026, 11, 1),
        Amount = amount,
        Discount = discount,
        BalanceCharged = principal + bonus,
        PrincipalDelta = -principal,
        BonusDelta = -bonus,
        BalanceDelta = -(principal + bonus),
        PointsRedeemed = redeemed,
        PointsEarned = earned,
    };

    [Theory]
    [InlineData(10_000, 1_000, 7_000, 2_000, 1_000, 90, "3333 3333 3334")]
    [InlineData(10, 0, 3, 2, 0, 0, "4 1 5")] // the rounding case where a naive bonus slice would exceed the balance slice
    [InlineData(999, 0, 500, 499, 0, 9, "1 1 1 1 995")]
    [InlineData(5_000, 5_000, 0, 0, 5_000, 0, "2500 2500")] // paid entirely with points
    [InlineData(7, 0, 0, 7, 0, 0, "1 2 4")]
    public void PartialRefundsAddUpExactlyAndEachPartGoesBackWhereItCameFrom(
        long amount, long discount, long principal, long bonus, long redeemed, long earned, string refunds)
    {
        var purchase = Purchase(amount, discount, principal, bonus, redeemed, earned);
        var soFar = 0L;
        var totals = new RefundShare(0, 0, 0, 0);
        foreach (var part in refunds.Split(' ').Select(long.Parse))
        {
            var share = RefundShare.Compute(purchase, soFar, part);
            Assert.InRange(share.BonusRefunded, 0, share.BalanceRefunded);
            Assert.True(share.PrincipalRefunded >= 0);
            soFar += part;
            totals = new RefundShare(totals.Amount + share.Amount, totals.BalanceRefunded + share.BalanceRefunded,
                totals.PointsRestored + share.PointsRestored, totals.PointsReversed + share.PointsReversed,
                totals.BonusRefunded + share.BonusRefunded, totals.MoneyRefunded + share.MoneyRefunded);
        }
        Assert.Equal(
            (amount, principal + bonus, principal, bonus, redeemed, earned, amount - discount),
            (totals.Amount, totals.BalanceRefunded, totals.PrincipalRefunded, totals.BonusRefunded, totals.PointsRestored, totals.PointsReversed,
                totals.MoneyRefunded));
    }

    [Fact]
    public void EveryPossibleTwoPartSplitKeepsBonusWithinTheBalancePart()
    {
        for (long balance = 1; balance <= 12; balance++)
        for (long bonus = 0; bonus <= balance; bonus++)
        for (long first = 1; first < 12; first++)
        {
            var purchase = Purchase(12, 0, balance - bonus, bonus, 0, 0);
            var a = RefundShare.Compute(purchase, 0, first);
            var b = RefundShare.Compute(purchase, first, null);
            Assert.InRange(a.BonusRefunded, 0, a.BalanceRefunded);
            Assert.InRange(b.BonusRefunded, 0, b.BalanceRefunded);
            Assert.Equal(bonus, a.BonusRefunded + b.BonusRefunded);
        }
    }

    [Fact]
    public void RefundingMoreThanIsLeftIsRefused()
    {
        var purchase = Purchase(1_000, 0, 1_000, 0, 0, 10);
        var e = Assert.Throws<DomainException>(() => RefundShare.Compute(purchase, 900, 101));
        Assert.Equal(ErrorCodes.RefundExceedsPurchase, e.Code);
    }
}
