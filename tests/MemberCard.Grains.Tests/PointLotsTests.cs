using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Grains.Points;

namespace MemberCard.Grains.Tests;

public sealed class PointLotsTests
{
    // Listed out of order on purpose: spending order is by expiry, then earn time, never by list position.
    private static readonly IReadOnlyList<PointLot> Lots =
    [
        new("march", Rules.At(2026, 3, 1), Rules.At(2027, 4, 1, 0), 30),
        new("forever", Rules.At(2025, 1, 1), null, 100),
        new("january", Rules.At(2026, 1, 5), Rules.At(2027, 2, 1, 0), 10),
        new("february", Rules.At(2026, 2, 5), Rules.At(2027, 3, 1, 0), 20),
    ];

    [Theory]
    [InlineData(5, "january:5")]
    [InlineData(10, "january:10")]
    [InlineData(11, "january:10 february:1")]
    [InlineData(45, "january:10 february:20 march:15")]
    [InlineData(60, "january:10 february:20 march:30")]
    [InlineData(61, "january:10 february:20 march:30 forever:1")]
    [InlineData(160, "january:10 february:20 march:30 forever:100")]
    public void RedemptionTakesTheOldestLotsFirst(long points, string expected)
    {
        var (lots, draws) = PointLots.Take(Lots, points);
        Assert.Equal(expected, string.Join(' ', draws.Select(d => $"{d.LotId}:{d.Points}")));
        Assert.Equal(PointLots.Total(Lots) - points, PointLots.Total(lots));
        Assert.DoesNotContain(lots, l => l.Remaining == 0);
    }

    [Fact]
    public void TakingMoreThanTheLotsHoldIsInsufficientPoints()
    {
        var e = Assert.Throws<DomainException>(() => PointLots.Take(Lots, 161));
        Assert.Equal(ErrorCodes.InsufficientPoints, e.Code);
    }

    [Theory]
    [InlineData("2027-01-31T23:59:59Z", "")]
    [InlineData("2027-02-01T00:00:00Z", "january")]
    [InlineData("2027-03-15T00:00:00Z", "january february")]
    [InlineData("2099-01-01T00:00:00Z", "january february march")]
    public void DueLotsAreThoseWhoseExpiryHasCome(string now, string expected) =>
        Assert.Equal(expected, string.Join(' ', PointLots.Due(Lots, DateTimeOffset.Parse(now)).Select(l => l.LotId)));

    [Theory]
    [InlineData(0, 15, "a:10 b:5")]
    [InlineData(4, 6, "a:6")]
    [InlineData(10, 5, "b:5")]
    [InlineData(12, 8, "b:8")]
    [InlineData(7, 13, "a:3 b:10")]
    public void RefundsGiveSpentPointsBackToTheLotsTheyCameFrom(long restoredSoFar, long points, string expected)
    {
        IReadOnlyList<PointDraw> draws = [new("a", Rules.At(2026, 1, 1), null, 10), new("b", Rules.At(2026, 2, 1), null, 10)];
        Assert.Equal(expected, string.Join(' ', PointLots.Restore(draws, restoredSoFar, points).Select(d => $"{d.LotId}:{d.Points}")));
    }

    [Fact]
    public void ReversalTakesFromThePurchasesOwnLotFirstThenOldestAndForgivesTheRest()
    {
        var (lots, taken) = PointLots.TakeUpTo(Lots, 25, "march");
        Assert.Equal(25, taken);
        Assert.Equal(5, lots.Single(l => l.LotId == "march").Remaining);
        Assert.Equal(10, lots.Single(l => l.LotId == "january").Remaining);

        var (emptied, all) = PointLots.TakeUpTo(Lots, 1_000, "march");
        Assert.Equal(160, all);
        Assert.Empty(emptied);
    }

    [Fact]
    public void GivingBackToAnExistingLotTopsItUp()
    {
        var lots = PointLots.GiveBack(Lots, new PointLot("january", Rules.At(2026, 1, 5), Rules.At(2027, 2, 1, 0), 7));
        Assert.Equal(17, lots.Single(l => l.LotId == "january").Remaining);
        Assert.Equal(Lots.Count, lots.Count);
        Assert.Same(Lots, PointLots.GiveBack(Lots, new PointLot("empty", Rules.At(2026, 1, 5), null, 0)));
    }

    [Fact]
    public void AddingANewLotAppendsItAndAnEmptyOneIsNotKept()
    {
        var lots = PointLots.Add(Lots, new PointLot("march", Rules.At(2026, 3, 5), Rules.At(2027, 4, 1, 0), 7));
        Assert.Equal([.. Lots, new PointLot("march", Rules.At(2026, 3, 5), Rules.At(2027, 4, 1, 0), 7)], lots);
        Assert.Same(Lots, PointLots.Add(Lots, new PointLot("empty", Rules.At(2026, 1, 5), null, 0)));
    }
}
