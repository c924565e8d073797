using MemberCard.Grains.Members;

namespace MemberCard.Grains.Tests.Members;

/// <summary>The GB 11643-1999 rules: 17 digits and a check character, a real birth date inside, the mask.</summary>
public sealed class ResidentIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    // Check characters computed by hand from the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 (mod 11 → "10X98765432").
    [Theory]
    [InlineData("11010519491231002X")] // the standard's own example
    [InlineData("44030419900307123X")]
    [InlineData("310115198511204566")]
    [InlineData("110105200002297813")] // 29 February of a leap year
    [InlineData("510108197806150023")]
    [InlineData("330106199201010012")]
    public void KnownGoodNumbersAreTaken(string number)
    {
        Assert.Equal((number, (string?)null), ResidentIdNumber.Validate("idNumber", number, Today));
        Assert.Equal(number[^1], ResidentIdNumber.CheckCharacter(number.AsSpan(0, 17)));
    }

    [Fact]
    public void ALowerCaseXAndSurroundingSpacesAreTakenAndStoredUpperCase() =>
        Assert.Equal("11010519491231002X", ResidentIdNumber.Validate("idNumber", " 11010519491231002x ", Today).Number);

    // The dates' numbers carry their right check character, so only the date is wrong.
    [Theory]
    [InlineData("", "must be 18 characters")]
    [InlineData("11010519491231002", "must be 18 characters")] // 17
    [InlineData("11010519491231002X0", "must be 18 characters")] // 19
    [InlineData("1101051949123100XX", "must be 18 characters")] // X before the end
    [InlineData("11010519491231 02X", "must be 18 characters")]
    [InlineData("110105194912310021", "wrong check character")] // X expected
    [InlineData("44030419900307123 0", "must be 18 characters")]
    [InlineData("440304199003071230", "wrong check character")] // X expected
    [InlineData("310115198511204567", "wrong check character")] // 6 expected
    [InlineData("110105199002301231", "no real birth date")] // 30 February
    [InlineData("110105190002291239", "no real birth date")] // 1900 was no leap year
    [InlineData("110105189912311237", "no real birth date")] // before 1900
    [InlineData("110105202712011233", "no real birth date")] // in the future
    public void BadNumbersAreRefusedSayingWhy(string number, string why)
    {
        var (valid, problem) = ResidentIdNumber.Validate("idNumber", number, Today);

        Assert.Null(valid);
        Assert.StartsWith("idNumber ", problem);
        Assert.Contains(why, problem);
        if (number.Length > 0) Assert.DoesNotContain(number, problem);
    }

    [Fact]
    public void ABirthDateOfTodayIsTakenAndOfTomorrowIsNot()
    {
        const string born = "110105202612070017"; // body 11010520261207001, check character computed as 7
        Assert.Equal('7', ResidentIdNumber.CheckCharacter(born.AsSpan(0, 17)));
        Assert.NotNull(ResidentIdNumber.Validate("idNumber", born, Today).Number);
        Assert.Contains("no real birth date", ResidentIdNumber.Validate("idNumber", born, Today.AddDays(-1)).Problem);
    }

    [Fact]
    public void TheMaskShowsTheFirstThreeAndTheLastFourAndKeepsTheLength()
    {
        var mask = ResidentIdNumber.Mask("11010519491231002X");

        Assert.Equal("110***********002X", mask);
        Assert.Equal(18, mask.Length);
    }
}
