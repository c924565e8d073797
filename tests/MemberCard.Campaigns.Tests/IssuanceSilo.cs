using MemberCard.Abstractions.Campaigns;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using GrainSerializer = MemberCard.Runtime.GrainSerializer;

namespace MemberCard.Campaigns.Tests;

/// <summary>
/// A test silo with the domain grains on shared storage and a fake clock (the one given, else one of its
/// own), issuance driven by hand (no timers) unless <c>autoRun</c>.
/// </summary>
internal static class IssuanceSilo
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Task<DomainCluster> StartAsync(FaultyStorage storage, int batchSize, bool autoRun = false, FakeTimeProvider? clock = null) =>
        DomainCluster.StartAsync(new DomainClusterOptions
        {
            Storage = storage,
            Clock = clock ?? new FakeTimeProvider(Start),
            Settings =
            {
                ["Campaigns:AutoRun"] = autoRun ? "true" : "false",
                ["Campaigns:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });

    /// <summary>Registers <paramref name="count"/> members, alternating stores S001 / S002; returns their ids.</summary>
    public static async Task<List<(string MemberId, string StoreId)>> RegisterMembersAsync(IGrainFactory grains, int count)
    {
        var members = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid().ToString("N");
            var store = i % 2 == 0 ? "S001" : "S002";
            await grains.GetGrain<IMemberGrain>(id).RegisterAsync(new RegisterMember($"1390000{i:D4}", $"M{i}", new DateOnly(1990, 1 + i % 12, 1), null, store));
            members.Add((id, store));
        }
        return members;
    }

    /// <summary>Runs every partition's batches until all are finished, then lets the campaign notice.</summary>
    public static async Task RunToEndAsync(IGrainFactory grains, string campaignId, int partitions)
    {
        for (var p = 0; p < partitions; p++)
        {
            var issuer = grains.GetGrain<ICouponIssuerGrain>($"{campaignId}/{p}");
            for (var guard = 0; await issuer.RunBatchAsync(); guard++) Assert.True(guard < 10_000, "issuance does not end");
        }
        await grains.GetGrain<ICampaignGrain>(campaignId).KeepAliveAsync();
    }

    /// <summary>The coupons of a member, read from the committed member log.</summary>
    public static async Task<IReadOnlyList<IssuedCoupon>> CouponsOfAsync(FaultyStorage storage, GrainSerializer serializer, string memberId)
    {
        var entries = await storage.ReadLogAsync(CouponKeys.MemberLog(memberId), new LogQuery(1000));
        return [.. entries.Select(e => serializer.Deserialize<IssuedCoupon>(e.Json))];
    }
}
