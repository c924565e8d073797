using GrainId = MemberCard.Runtime.GrainId;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Storage;
using MemberCard.Storage.State;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace MemberCard.Storage.Orleans.Tests.State;

/// <summary>
/// Group commit under the state facet: writes of many grains that arrive while a commit is under way share the next
/// transaction, none is answered before it commits, a refused claim fails only its own call, and with group commit
/// off every write is its own transaction.
/// </summary>
public sealed class GroupCommitTests
{
    private readonly GatedStorage _storage = new(new InMemoryGrainStorage(TimeProvider.System));

    private async Task<InProcessTestCluster> StartAsync(bool groupCommit = true)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<IGrainStorage>(_storage);
            silo.AddAtomicState(o => o.GroupCommit = new GroupCommitOptions { Enabled = groupCommit, MaxGroupSize = 64, MaxConcurrentGroups = 1 });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static ITallyGrain Tally(InProcessTestCluster cluster, string key) =>
        cluster.GetSiloServiceProvider().GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>(key);

    [Fact]
    public async Task WritesThatArriveDuringACommitAreCommittedTogetherAndAnsweredOnlyAfterwards()
    {
        await using var cluster = await StartAsync();
        _storage.Close();

        var calls = Enumerable.Range(0, 200).Select(i => Tally(cluster, $"c{i}").AddAsync(i + 1)).ToList();
        await _storage.WaitForBlockedWriteAsync();
        await Task.Delay(50);
        Assert.All(calls, c => Assert.False(c.IsCompleted));

        _storage.Open();
        var results = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), results.Select(r => r!.Total));
        Assert.Equal(200, _storage.WritesCommitted);
        Assert.Equal(64, _storage.LargestGroup);
        for (var i = 0; i < 200; i++)
            Assert.Contains($"\"total\":{i + 1}", (await _storage.ReadStateAsync(new GrainId("tally", $"c{i}")))!.Json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ARefusedClaimInAGroupFailsOnlyItsOwnCall()
    {
        await using var cluster = await StartAsync();
        Assert.NotNull(await Tally(cluster, "holder").AddAsync(1, "shared"));
        _storage.Close();

        // The first write goes alone and waits at the gate; the rest, the taker among them, queue into one group.
        var others = Enumerable.Range(0, 10).Select(i => Tally(cluster, $"o{i}").AddAsync(1)).ToList();
        await _storage.WaitForBlockedWriteAsync();
        var taker = Tally(cluster, "taker").AddAsync(1, "shared");
        await Task.Delay(50);
        _storage.Open();

        Assert.Null(await taker);
        Assert.All(await Task.WhenAll(others), r => Assert.Equal(1, r!.Total));
        Assert.True(_storage.LargestGroup > 1);
        Assert.Null(await _storage.ReadStateAsync(new GrainId("tally", "taker")));
    }

    [Fact]
    public async Task WithGroupCommitOffEveryWriteIsItsOwnTransaction()
    {
        await using var cluster = await StartAsync(groupCommit: false);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Tally(cluster, $"c{i}").AddAsync(1)));

        Assert.Equal(1, _storage.LargestGroup);
        Assert.Equal(50, _storage.WritesCommitted);
    }
}
