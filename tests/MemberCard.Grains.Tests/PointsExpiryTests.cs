using MemberCard.Grains.Points;

namespace MemberCard.Grains.Tests;

public sealed class PointsExpiryTests
{
    [Theory]
    [InlineData("2026-01-15T10:00:00Z", 12, "2027-02-01T00:00:00Z")]
    [InlineData("2026-01-01T00:00:00Z", 12, "2027-02-01T00:00:00Z")]
    [InlineData("2026-01-31T23:59:59Z", 12, "2027-02-01T00:00:00Z")]
    [InlineData("2026-12-31T23:59:59Z", 12, "2028-01-01T00:00:00Z")]
    [InlineData("2026-02-10T08:00:00+08:00", 12, "2027-03-01T00:00:00Z")]
    [InlineData("2026-02-01T07:00:00+08:00", 12, "2027-02-01T00:00:00Z")] // still January in UTC
    [InlineData("2026-05-20T00:00:00Z", 1, "2026-07-01T00:00:00Z")]
    public void ExpiresAtTheEndOfTheNthMonthAfterEarning(string earned, int months, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), PointsExpiry.ExpiresAt(months, DateTimeOffset.Parse(earned)));

    [Fact]
    public void ZeroMonthsNeverExpires() => Assert.Null(PointsExpiry.ExpiresAt(0, Rules.At(2026, 1, 1)));
}
