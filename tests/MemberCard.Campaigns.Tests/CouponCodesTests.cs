using MemberCard.Grains.Campaigns.Coupons;

namespace MemberCard.Campaigns.Tests;

public sealed class CouponCodesTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    [Fact]
    public void NewCodesAreWellFormedAndReadBackAsThemselves()
    {
        for (var i = 0; i < 1000; i++)
        {
            var code = CouponCodes.New();
            Assert.Equal(CouponCodes.Length, code.Length);
            Assert.All(code, c => Assert.Contains(c, Alphabet));
            Assert.Equal(code, CouponCodes.Normalize(code));
        }
    }

    [Fact]
    public void TwoHundredThousandCodesAreAllDifferent()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 200_000; i++) Assert.True(codes.Add(CouponCodes.New()));
    }

    [Fact]
    public void EverySingleMistypedSymbolIsRejected()
    {
        for (var sample = 0; sample < 50; sample++)
        {
            var code = CouponCodes.New();
            for (var position = 0; position < code.Length; position++)
            {
                foreach (var replacement in Alphabet.Where(c => c != code[position]))
                {
                    var typo = string.Concat(code.AsSpan(0, position), replacement.ToString(), code.AsSpan(position + 1));
                    Assert.Null(CouponCodes.Normalize(typo));
                }
            }
        }
    }

    [Fact]
    public void MostSwappedNeighboursAreRejected()
    {
        int swaps = 0, caught = 0;
        for (var sample = 0; sample < 500; sample++)
        {
            var code = CouponCodes.New();
            for (var i = 0; i < code.Length - 1; i++)
            {
                if (code[i] == code[i + 1]) continue;
                var chars = code.ToCharArray();
                (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                swaps++;
                if (CouponCodes.Normalize(new string(chars)) is null) caught++;
            }
        }
        Assert.True(caught >= swaps * 0.95, $"{caught} of {swaps} swaps caught");
    }

    [Fact]
    public void InputIsReadLeniently()
    {
        var code = CouponCodes.New();
        var typed = string.Join('-', code.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        Assert.Equal(code, CouponCodes.Normalize(typed));
        Assert.Equal(code, CouponCodes.Normalize(" " + code + " "));
        var withZero = code.Replace('0', 'O');
        Assert.Equal(code, CouponCodes.Normalize(withZero));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABC")]
    [InlineData("ABCDEFGHJKMNPQ")]
    [InlineData("ABCDEFGHJKMN!")]
    [InlineData("UUUUUUUUUUUUU")]
    public void MalformedCodesAreRejected(string? input) => Assert.Null(CouponCodes.Normalize(input));
}
