using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Shared;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;

namespace MemberCard.Grains.Tests;

/// <summary>A reference made by <see cref="GrainReferences.GrainOf"/> is the one Orleans' GetGrain makes, and calls reach the same grain.</summary>
public sealed class GrainReferencesTests
{
    [Fact]
    public async Task GrainOfMakesTheReferenceGetGrainMakes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions { Storage = new InMemoryGrainStorage(clock), Clock = clock });
        var grains = cluster.Grains;

        foreach (var (made, expected) in new[]
        {
            ((GrainReference)grains.GrainOf<ICardGrain>("c1"), (GrainReference)grains.GetGrain<ICardGrain>("c1")),
            ((GrainReference)grains.GrainOf<IMemberGrain>("m1"), (GrainReference)grains.GetGrain<IMemberGrain>("m1")),
            ((GrainReference)grains.GrainOf<ICardGrain>("c2"), (GrainReference)grains.GetGrain<ICardGrain>("c2")),
        })
        {
            Assert.Equal(expected.GrainId, made.GrainId);
            Assert.Equal(expected.InterfaceType, made.InterfaceType);
            Assert.Equal(expected.GetType(), made.GetType());
        }
        await grains.GetGrain<IMemberGrain>("m1").RegisterAsync(new RegisterMember("13800138000", "Li Lei", null, null, null));
        var cardNo = (await grains.GrainOf<IMemberGrain>("m1").IssueCardAsync(new IssueCard())).CardNo;
        Assert.Equal("m1", (await grains.GrainOf<ICardGrain>(cardNo).GetAsync())!.MemberId);
    }
}
