using System.Text.Json;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Grains.Campaigns;
using static MemberCard.Campaigns.Tests.CampaignFixtures;

namespace MemberCard.Campaigns.Tests;

public sealed class SegmentFilterTests
{
    private const string Member = """
        {"tier":"gold","storeId":"S001","birthday":"1990-05-01","createdAt":"2026-01-01T00:00:00Z","tags":["vip","coffee"],"erased":false}
        """;

    public static TheoryData<string, SegmentDefinition, bool> Cases => new()
    {
        { "everyone", new SegmentDefinition(), true },
        { "tier in", new SegmentDefinition { Tiers = ["silver", "gold"] }, true },
        { "tier out", new SegmentDefinition { Tiers = ["silver"] }, false },
        { "tag in", new SegmentDefinition { Tags = ["coffee"] }, true },
        { "tag out", new SegmentDefinition { Tags = ["tea"] }, false },
        { "store in", new SegmentDefinition { Stores = ["S001"] }, true },
        { "store out", new SegmentDefinition { Stores = ["S002"] }, false },
        { "birthday month in", new SegmentDefinition { BirthdayMonth = 5 }, true },
        { "birthday month out", new SegmentDefinition { BirthdayMonth = 6 }, false },
        { "inactive long enough", new SegmentDefinition { InactiveDays = 300 }, true },
        { "not inactive long enough", new SegmentDefinition { InactiveDays = 400 }, false },
        { "all conditions", new SegmentDefinition { Tiers = ["gold"], Tags = ["vip"], Stores = ["S001"], BirthdayMonth = 5, InactiveDays = 30 }, true },
        { "one condition fails", new SegmentDefinition { Tiers = ["gold"], Tags = ["vip"], Stores = ["S002"] }, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachConditionFilters(string name, SegmentDefinition segment, bool expected) =>
        Assert.True(expected == SegmentFilter.Matches(Parse(Member), segment, Now), name);

    [Fact]
    public void LastActivityWinsOverRegistration()
    {
        var recent = Parse("""{"createdAt":"2020-01-01T00:00:00Z","lastActivityAt":"2026-11-20T00:00:00Z"}""");
        Assert.False(SegmentFilter.Matches(recent, new SegmentDefinition { InactiveDays = 30 }, Now));
    }

    [Fact]
    public void TheBirthMonthBesideASealedProfileSelectsLikeAnOlderStatesBirthday()
    {
        var sealedProfile = Parse("""{"tier":"gold","personal":"k1:AAAA","birthMonth":5,"birthDayOfMonth":1}""");
        Assert.True(SegmentFilter.Matches(sealedProfile, new SegmentDefinition { BirthdayMonth = 5 }, Now));
        Assert.False(SegmentFilter.Matches(sealedProfile, new SegmentDefinition { BirthdayMonth = 6 }, Now));
    }

    [Fact]
    public void ErasedMembersAndMissingFieldsNeverMatch()
    {
        Assert.False(SegmentFilter.Matches(Parse("""{"tier":"gold","erased":true}"""), new SegmentDefinition(), Now));
        Assert.False(SegmentFilter.Matches(Parse("""{"tier":"gold"}"""), new SegmentDefinition { BirthdayMonth = 5 }, Now));
        Assert.False(SegmentFilter.Matches(Parse("""{"tier":"gold"}"""), new SegmentDefinition { Tags = ["vip"] }, Now));
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
