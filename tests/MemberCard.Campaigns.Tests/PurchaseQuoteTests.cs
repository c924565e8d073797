using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Campaigns;
using MemberCard.Grains.Rules;

namespace MemberCard.Campaigns.Tests;

public sealed class PurchaseQuoteTests
{
    private static readonly RuleSet Rules = new LoyaltyRules { PointsPerYuan = 1, PointValue = 1 }.ToRuleSet();
    private static readonly CardView Card = new("1000000000000001", "m1", CardStatuses.Active, 10000, 500, "standard", DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(5000, 0, 0, 0, 5000, 50)]
    [InlineData(5000, 1000, 0, 1000, 4000, 40)]
    [InlineData(5000, 1000, 100, 1100, 3900, 39)]
    [InlineData(5000, 5000, 0, 5000, 0, 0)]
    [InlineData(1000, 600, 400, 1000, 0, 0)]
    public void CouponFirstThenPointsAndPointsEarnedOnlyOnMoney(long amount, long couponDiscount, long points, long discount, long payable, long earned)
    {
        var coupon = couponDiscount == 0 ? null : new CouponEffect("CODE", "c1", couponDiscount, null);
        var quote = PurchaseQuote.Compute(Rules, Card, "S001", DateTimeOffset.UnixEpoch, amount, points, coupon);
        Assert.Equal((discount, payable, earned), (quote.Discount, quote.Payable, quote.PointsEarned));
        Assert.Equal((couponDiscount, points), (quote.CouponDiscount, quote.PointsDiscount));
    }

    [Fact]
    public void PointsWorthMoreThanWhatTheCouponLeftAreRefused()
    {
        var e = Assert.Throws<DomainException>(() => PurchaseQuote.Compute(Rules, Card, "S001", DateTimeOffset.UnixEpoch, 1000, 401, new CouponEffect("CODE", "c1", 600, null)));
        Assert.Equal(ErrorCodes.ValidationFailed, e.Code);
    }

    [Fact]
    public void MorePointsThanTheCardHoldsAreInsufficient()
    {
        var e = Assert.Throws<DomainException>(() => PurchaseQuote.Compute(Rules, Card, "S001", DateTimeOffset.UnixEpoch, 5000, 501, null));
        Assert.Equal(ErrorCodes.InsufficientPoints, e.Code);
    }
}
