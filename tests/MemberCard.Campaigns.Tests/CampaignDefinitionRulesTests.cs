using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Grains.Campaigns;
using static MemberCard.Campaigns.Tests.CampaignFixtures;

namespace MemberCard.Campaigns.Tests;

public sealed class CampaignDefinitionRulesTests
{
    public static TheoryData<string, Func<CampaignDefinition, CampaignDefinition>> Invalid => new()
    {
        { "name", d => d with { Name = " " } },
        { "kind", d => d with { Kind = "bogus" } },
        { "amountOff", d => d with { AmountOff = 0 } },
        { "percentOff", d => Percentage(0, null) },
        { "percentOff", d => Percentage(101, null) },
        { "maxDiscount", d => Percentage(10, 0) },
        { "gift", d => d with { Kind = CouponKinds.Gift, Gift = null } },
        { "minimumSpend", d => d with { MinimumSpend = -1 } },
        { "validUntil", d => d with { ValidDaysAfterIssue = null, ValidUntil = null } },
        { "validUntil", d => d with { ValidFrom = Now, ValidUntil = Now } },
        { "validDaysAfterIssue", d => d with { ValidDaysAfterIssue = 0 } },
        { "perMemberLimit", d => d with { PerMemberLimit = 0 } },
        { "totalStock", d => d with { TotalStock = 0 } },
        { "budget", d => d with { Budget = 0 } },
        { "budget", d => Percentage(10, null) with { Budget = 1000 } },
        { "partitions", d => d with { Partitions = 0 } },
        { "partitions", d => d with { Partitions = CampaignDefinitionRules.MaxPartitions + 1 } },
        { "ratePerSecond", d => d with { RatePerSecond = -1 } },
        { "segment.birthdayMonth", d => d with { Segment = new SegmentDefinition { BirthdayMonth = 13 } } },
        { "segment.inactiveDays", d => d with { Segment = new SegmentDefinition { InactiveDays = 0 } } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void AnInvalidDefinitionNamesTheField(string field, Func<CampaignDefinition, CampaignDefinition> change)
    {
        var e = Assert.Throws<DomainException>(() => CampaignDefinitionRules.Validate(change(Fixed())));
        Assert.Equal(ErrorCodes.ValidationFailed, e.Code);
        Assert.True(e.Errors!.ContainsKey(field), $"errors: {string.Join(", ", e.Errors!.Keys)}");
    }

    [Fact]
    public void ValidDefinitionsPass()
    {
        CampaignDefinitionRules.Validate(Fixed());
        CampaignDefinitionRules.Validate(Percentage(15, 2000) with { Budget = 100_000 });
        CampaignDefinitionRules.Validate(new CampaignDefinition { Name = "Tea", Kind = CouponKinds.Gift, Gift = "Tea", ValidUntil = Now.AddDays(1) });
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(100L, null, 100L)]
    [InlineData(null, 25_000L, 25L)]
    [InlineData(100L, 25_000L, 25L)]
    [InlineData(10L, 25_000L, 10L)]
    public void TheIssueLimitIsTheStockAndTheBudgetOverTheLargestDiscount(long? stock, long? budget, long? expected) =>
        Assert.Equal(expected, CampaignDefinitionRules.IssueLimit(Fixed(1000) with { TotalStock = stock, Budget = budget }));

    [Theory]
    [InlineData(10L, 4)]
    [InlineData(3L, 4)]
    [InlineData(1_000_001L, 7)]
    public void PartitionSharesAddUpToTheLimit(long limit, int partitions) =>
        Assert.Equal(limit, Enumerable.Range(0, partitions).Sum(p => CampaignDefinitionRules.ShareOf(limit, p, partitions)!.Value));
}
