using System.Diagnostics;
using System.Text.Json;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Xunit.Abstractions;
using GrainSerializer = MemberCard.Runtime.GrainSerializer;
using StorageGrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Campaigns.Tests.Cluster;

/// <summary>Three silos on one PostgreSQL database; one dies while the campaign's partitions are issuing.</summary>
public sealed class SiloKillIssuanceTests(ITestOutputHelper output)
{
    private const int Members = 3000;
    private const int Partitions = 6;

    [PostgresFact]
    public async Task ASiloKilledMidIssuanceLeavesEveryTargetedMemberWithExactlyOneCoupon()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        try
        {
            await RunAsync(database);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    private async Task RunAsync(string database)
    {
        await using var cluster = await CampaignCluster.StartAsync(database, new Dictionary<string, string?>
        {
            ["Campaigns:BatchSize"] = "50",
            ["Campaigns:ReminderPeriod"] = "00:00:02",
            // Orleans' reminder service arms a timer per reminder and re-reads its range when membership changes: the old
            // runtime's Reminders:PollInterval has nothing left to set.
            ["Reminders:MinimumPeriod"] = "00:00:01",
        }, configure: silo =>
        {
            // A grain activates on the silo that first calls it: the campaign, created through the victim, and the
            // partitions it starts all live there, so killing that silo takes both (the old runtime placed grains
            // on a hash ring the test could read; Orleans' default placement is not predictable).
            silo.Services.AddSingleton<PlacementStrategy, PreferLocalPlacement>();
            // Fast failure detection, with a probe time-out long enough that a busy CI machine does not get a healthy
            // silo suspected (a killed silo refuses connections at once).
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            });
        });
        var members = await RegisterAsync(cluster, Members);
        var storage = cluster.Storage;
        var serializer = cluster.Services.GetRequiredService<GrainSerializer>();

        var victim = cluster.Silos[0];
        var survivor = cluster.Silos[1];
        var campaignId = $"c-kill-{Guid.NewGuid():N}";
        var campaign = DomainCluster.GrainsOf(victim).GetGrain<ICampaignGrain>(campaignId);

        // 50 members a batch, 6 partitions, 300 coupons/s: each partition ticks once a second, ~10 batches each.
        await campaign.CreateAsync(new CreateCampaign(new CampaignDefinition
        {
            Name = "Kill", Kind = CouponKinds.Fixed, AmountOff = 500, ValidDaysAfterIssue = 30, PerMemberLimit = 1,
            Partitions = Partitions, RatePerSecond = 300, Segment = new SegmentDefinition { Stores = ["S001"] },
        }));
        await campaign.ChangeAsync(new ChangeCampaign(CampaignActions.Start));

        // Kill the silo once issuance is under way (checked in storage, so nothing here wakes a partition).
        var before = await WaitAsync(TimeSpan.FromSeconds(60), async () =>
        {
            var issued = await IssuedInStorageAsync(storage, campaignId);
            return issued >= 200 ? issued : (long?)null;
        });
        var management = DomainCluster.GrainsOf(survivor).GetGrain<IManagementGrain>(0);
        Assert.Equal(victim.SiloAddress, await management.GetActivationAddress(campaign));
        var partitionsOnVictim = 0;
        for (var i = 0; i < Partitions; i++)
        {
            var partition = DomainCluster.GrainsOf(survivor).GetGrain<ICouponIssuerGrain>($"{campaignId}/{i}");
            if (victim.SiloAddress.Equals(await management.GetActivationAddress(partition))) partitionsOnVictim++;
        }
        Assert.True(partitionsOnVictim >= 2, $"{partitionsOnVictim} partitions on the campaign's silo");
        await cluster.Cluster.KillSiloAsync(victim);
        output.WriteLine($"killed {victim.SiloAddress} (campaign grain + {partitionsOnVictim} partitions) with {before} of {Members / 2} coupons issued");
        var clock = Stopwatch.StartNew();

        // Nobody calls the campaign from here on: recovery has to come from the cluster itself.
        await WaitAsync(TimeSpan.FromSeconds(120), async () =>
        {
            var state = await storage.ReadStateAsync(new StorageGrainId("campaign", campaignId));
            using var json = JsonDocument.Parse(state!.Json);
            if (json.RootElement.GetProperty("status").GetString() == CampaignStatuses.Active) return 1;
            if (clock.Elapsed.TotalSeconds % 10 < 0.3) output.WriteLine($"{clock.Elapsed.TotalSeconds:F0}s: {await DescribeAsync(storage, campaignId)}");
            return null;
        });
        output.WriteLine($"campaign active {clock.Elapsed.TotalSeconds:F1} s after the kill");

        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (memberId, store) in members)
        {
            var coupons = (await storage.ReadLogAsync(CouponKeys.MemberLog(memberId), new LogQuery(100)))
                .Select(e => serializer.Deserialize<IssuedCoupon>(e.Json)).ToList();
            Assert.Equal(store == "S001" ? 1 : 0, coupons.Count);
            foreach (var coupon in coupons)
            {
                Assert.True(codes.Add(coupon.Code));
                Assert.Equal(campaignId, coupon.CampaignId);
                Assert.NotNull(await storage.ReadClaimAsync(CouponKeys.Code(coupon.Code)));
                // The issue claim holds the code as a JSON string.
                Assert.Equal($"\"{coupon.Code}\"", (await storage.ReadClaimAsync(CouponKeys.Issue(campaignId, memberId, 1)))!.Value);
            }
        }
        Assert.Equal(Members / 2, codes.Count);
        Assert.Equal(Members / 2, await IssuedInStorageAsync(storage, campaignId));
        var progress = await DomainCluster.GrainsOf(survivor).GetGrain<ICampaignGrain>(campaignId).GetProgressAsync();
        Assert.Equal((CampaignStatuses.Active, (long)Members, Members / 2L, Partitions), (progress.Status, progress.Scanned, progress.Issued, progress.PartitionsDone));
    }

    private static async Task<List<(string MemberId, string Store)>> RegisterAsync(DomainCluster cluster, int count)
    {
        var members = Enumerable.Range(0, count).Select(i => (MemberId: Guid.NewGuid().ToString("N"), Store: i % 2 == 0 ? "S001" : "S002")).ToList();
        using var gate = new SemaphoreSlim(24);
        await Task.WhenAll(members.Select(async (m, i) =>
        {
            await gate.WaitAsync();
            try
            {
                await DomainCluster.GrainsOf(cluster.Silos[i % 3]).GetGrain<IMemberGrain>(m.MemberId)
                    .RegisterAsync(new RegisterMember($"138{i:D8}", $"M{i}", null, null, m.Store));
            }
            finally
            {
                gate.Release();
            }
        }));
        return members;
    }

    private static async Task<string> DescribeAsync(IGrainStorage storage, string campaignId)
    {
        var parts = new List<string>();
        for (var i = 0; i < Partitions; i++)
        {
            var state = await storage.ReadStateAsync(new StorageGrainId("coupon-issuer", $"{campaignId}/{i}"));
            if (state is null) { parts.Add("none"); continue; }
            using var json = JsonDocument.Parse(state.Json);
            var r = json.RootElement;
            parts.Add($"{i}: running={r.GetProperty("running")} finished={r.GetProperty("finished")} issued={r.GetProperty("issued")} v{state.Version} at {state.UpdatedAt:HH:mm:ss}");
        }
        return string.Join(" | ", parts);
    }

    // The partitions' committed counters, read from storage.
    private static async Task<long> IssuedInStorageAsync(IGrainStorage storage, string campaignId)
    {
        long issued = 0;
        for (var i = 0; i < Partitions; i++)
        {
            if (await storage.ReadStateAsync(new StorageGrainId("coupon-issuer", $"{campaignId}/{i}")) is not { } state) continue;
            using var json = JsonDocument.Parse(state.Json);
            issued += json.RootElement.GetProperty("issued").GetInt64();
        }
        return issued;
    }

    private static async Task<long> WaitAsync(TimeSpan timeout, Func<Task<long?>> probe)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value) return value;
            Assert.True(clock.Elapsed < timeout, $"not reached within {timeout}");
            await Task.Delay(200);
        }
    }
}
