using MemberCard.Abstractions.Campaigns;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using GrainSerializer = MemberCard.Runtime.GrainSerializer;

namespace MemberCard.Campaigns.Tests;

public sealed class IssuanceTests
{
    private static readonly CampaignDefinition StoreS001Campaign = new()
    {
        Name = "S001 regulars",
        Kind = CouponKinds.Fixed,
        AmountOff = 500,
        ValidDaysAfterIssue = 30,
        PerMemberLimit = 2,
        Partitions = 3,
        Segment = new SegmentDefinition { Stores = ["S001"] },
    };

    [Fact]
    public async Task EveryTargetedMemberGetsExactlyTheirCouponsAndNobodyElseAny()
    {
        var storage = new FaultyStorage(new InMemoryGrainStorage(new FakeTimeProvider(IssuanceSilo.Start)));
        await using var silo = await IssuanceSilo.StartAsync(storage, batchSize: 7);
        var members = await IssuanceSilo.RegisterMembersAsync(silo.Grains, 40);
        var campaign = silo.Grains.GetGrain<ICampaignGrain>("c-every");
        await campaign.CreateAsync(new CreateCampaign(StoreS001Campaign));
        await campaign.ChangeAsync(new ChangeCampaign(CampaignActions.Start));

        await IssuanceSilo.RunToEndAsync(silo.Grains, "c-every", 3);

        await AssertExactlyOnceAsync(silo, storage, members, "c-every", 2);
        var progress = await campaign.GetProgressAsync();
        Assert.Equal((CampaignStatuses.Active, 40L, 20L, 40L, 3), (progress.Status, progress.Scanned, progress.Targeted, progress.Issued, progress.PartitionsDone));
    }

    [Fact]
    public async Task StockIsNeverExceededAcrossPartitions()
    {
        var storage = new FaultyStorage(new InMemoryGrainStorage(new FakeTimeProvider(IssuanceSilo.Start)));
        await using var silo = await IssuanceSilo.StartAsync(storage, batchSize: 4);
        var members = await IssuanceSilo.RegisterMembersAsync(silo.Grains, 30);
        var campaign = silo.Grains.GetGrain<ICampaignGrain>("c-stock");
        await campaign.CreateAsync(new CreateCampaign(StoreS001Campaign with { PerMemberLimit = 1, TotalStock = 7, Segment = new SegmentDefinition() }));
        await campaign.ChangeAsync(new ChangeCampaign(CampaignActions.Start));

        await IssuanceSilo.RunToEndAsync(silo.Grains, "c-stock", 3);

        var serializer = silo.Services.GetRequiredService<GrainSerializer>();
        var total = 0;
        foreach (var (memberId, _) in members) total += (await IssuanceSilo.CouponsOfAsync(storage, serializer, memberId)).Count;
        Assert.Equal(7, total);
        Assert.Equal(7, (await campaign.GetProgressAsync()).Issued);
    }

    [Theory]
    [InlineData(CrashPoint.BeforeCommit)]
    [InlineData(CrashPoint.AfterCommit)]
    public async Task ACrashMidIssuanceResumesWithNoDuplicateAndNoMiss(CrashPoint crash)
    {
        var storage = new FaultyStorage(new InMemoryGrainStorage(new FakeTimeProvider(IssuanceSilo.Start)));
        List<(string MemberId, string StoreId)> members;
        var first = await IssuanceSilo.StartAsync(storage, batchSize: 5);
        members = await IssuanceSilo.RegisterMembersAsync(first.Grains, 50);
        var campaign = first.Grains.GetGrain<ICampaignGrain>("c-crash");
        await campaign.CreateAsync(new CreateCampaign(StoreS001Campaign));
        await campaign.ChangeAsync(new ChangeCampaign(CampaignActions.Start));
        var issuer = first.Grains.GetGrain<ICouponIssuerGrain>("c-crash/1");
        Assert.True(await issuer.RunBatchAsync());
        Assert.True(await issuer.RunBatchAsync());
        storage.Arm(crash);
        // The crash hits the next batch that issues coupons; member ids are random, so a batch may hold only members
        // outside the segment (no coupons, nothing armed to fail): run batches until one crashes.
        await Assert.ThrowsAsync<IOException>(async () =>
        {
            while (await issuer.RunBatchAsync()) { }
        });
        // The first silo is gone (stopped with its cluster); a second one on the same database takes over.
        await first.DisposeAsync();

        await using var second = await IssuanceSilo.StartAsync(storage, batchSize: 5);
        await second.Grains.GetGrain<ICampaignGrain>("c-crash").KeepAliveAsync();
        await IssuanceSilo.RunToEndAsync(second.Grains, "c-crash", 3);

        await AssertExactlyOnceAsync(second, storage, members, "c-crash", 2);
        var progress = await second.Grains.GetGrain<ICampaignGrain>("c-crash").GetProgressAsync();
        Assert.Equal((CampaignStatuses.Active, 50L), (progress.Status, progress.Issued));
    }

    private static async Task AssertExactlyOnceAsync(
        DomainCluster silo, FaultyStorage storage, IEnumerable<(string MemberId, string StoreId)> members, string campaignId, int perMember)
    {
        var serializer = silo.Services.GetRequiredService<GrainSerializer>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (memberId, store) in members)
        {
            var coupons = await IssuanceSilo.CouponsOfAsync(storage, serializer, memberId);
            var expected = store == "S001" ? perMember : 0;
            Assert.Equal(expected, coupons.Count);
            Assert.Equal(Enumerable.Range(1, expected), coupons.Select(c => c.Number).Order());
            foreach (var coupon in coupons)
            {
                Assert.True(codes.Add(coupon.Code));
                var claim = await storage.ReadClaimAsync(CouponKeys.Code(coupon.Code));
                Assert.Equal(coupon, serializer.Deserialize<IssuedCoupon>(claim!.Value));
                Assert.NotNull(await storage.ReadClaimAsync(CouponKeys.Issue(campaignId, memberId, coupon.Number)));
            }
        }
    }
}
