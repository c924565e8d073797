using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Orleans.Storage;
using StorageGrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Storage.Orleans.Tests.State;

/// <summary>
/// The transactional state facet on a real Orleans silo, once per storage provider: what a grain commits is what its
/// next activation loads; a stale activation's write commits nothing, Orleans drops that activation and the call is
/// retried once on a fresh one; claims, peeks and group commit behave as the storage contract says.
/// </summary>
public abstract class AtomicStateTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : StateClusterFixture
{
    private readonly TFixture _fixture = fixture;

    private ITallyGrain Tally(string key) => _fixture.Grains.GetGrain<ITallyGrain>(key);

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [StorageFact]
    public async Task WhatAGrainCommitsIsLoadedByItsNextActivation()
    {
        var key = NewKey();
        await Tally(key).AddAsync(5);
        var before = await Tally(key).AddAsync(7);
        await _fixture.Cluster.DeactivateAsync(Tally(key));

        var after = await Tally(key).GetAsync();

        Assert.Equal((12L, 2L), (after.Total, after.Version));
        Assert.NotEqual(before!.Activation, after.Activation);
        Assert.Equal([7L, 5L], await Tally(key).JournalAsync());
    }

    [StorageFact]
    public async Task AStaleActivationsWriteCommitsNothingAndTheCallIsRetriedOnAFreshActivation()
    {
        var key = NewKey();
        var first = await Tally(key).AddAsync(1);
        // Another writer (a duplicate activation elsewhere) commits version 2 behind this activation's back.
        await _fixture.Storage.Inner.WriteAsync(new GrainWrite(new StorageGrainId("tally", key), 1, """{"total":100,"count":2}""", DateTimeOffset.UtcNow));

        var retried = await Tally(key).AddAsync(1);

        Assert.Equal((101L, 3L), (retried!.Total, retried.Version));
        Assert.NotEqual(first!.Activation, retried.Activation);
        Assert.Equal(3, (await _fixture.Storage.Inner.ReadStateAsync(new StorageGrainId("tally", key)))!.Version);
    }

    [StorageFact]
    public async Task AWriteRefusedTwiceReachesTheCallerAsInconsistentStateAndCommitsNothing()
    {
        var key = NewKey();
        await Tally(key).AddAsync(1);
        _fixture.Storage.RefuseEveryWriteOf(new StorageGrainId("tally", key));

        await Assert.ThrowsAsync<InconsistentStateException>(() => Tally(key).AddAsync(1));

        var stored = await _fixture.Storage.Inner.ReadStateAsync(new StorageGrainId("tally", key));
        Assert.Equal(1, stored!.Version);
        Assert.Single(await _fixture.Storage.Inner.ReadJournalAsync(new StorageGrainId("tally", key), new JournalQuery(10)));
    }

    [StorageFact]
    public async Task AClaimHeldByAnotherGrainRefusesTheWholeWrite()
    {
        var claim = NewKey();
        var (a, b) = (NewKey(), NewKey());
        Assert.NotNull(await Tally(a).AddAsync(1, claim));

        var refused = await Tally(b).AddAsync(5, claim);

        Assert.Null(refused);
        Assert.Null(await _fixture.Storage.Inner.ReadStateAsync(new StorageGrainId("tally", b)));
        Assert.Equal(new StorageGrainId("tally", a), (await _fixture.Storage.Inner.ReadClaimAsync(new ClaimKey("tally", claim)))!.Owner);
    }

    [StorageFact]
    public async Task PeekReadsAnotherGrainsCommittedStateWithoutActivatingIt()
    {
        var (watched, reader) = (NewKey(), NewKey());
        await Tally(watched).AddAsync(3);
        await _fixture.Cluster.DeactivateAsync(Tally(watched));

        var seen = await Tally(reader).PeekAsync(watched);

        Assert.Equal((3L, 1L), (seen!.Total, seen.Version));
        Assert.False(_fixture.Cluster.TryGetGrainContext(GrainId.Create("tally", watched), out _));
        Assert.Null(await Tally(reader).PeekAsync(NewKey()));
    }

    [StorageFact]
    public async Task ConcurrentWritesOfManyGrainsShareTransactionsAndAllCommit()
    {
        var keys = Enumerable.Range(0, 48).Select(_ => NewKey()).ToList();
        _fixture.Storage.CommitDelay = TimeSpan.FromMilliseconds(20);
        try
        {
            _fixture.Storage.GroupSizes.Clear();
            var results = await Task.WhenAll(keys.Select(k => Tally(k).AddAsync(2)));

            Assert.All(results, r => Assert.Equal((2L, 1L), (r!.Total, r.Version)));
            Assert.True(_fixture.Storage.GroupSizes.Max() > 1, "writes that arrive during a commit should form a group");
            Assert.Equal(keys.Count, _fixture.Storage.GroupSizes.Sum());
        }
        finally
        {
            _fixture.Storage.CommitDelay = TimeSpan.Zero;
        }
    }
}

public sealed class InMemoryAtomicStateTests(InMemoryStateClusterFixture fixture) : AtomicStateTests<InMemoryStateClusterFixture>(fixture);

public sealed class SqliteAtomicStateTests(SqliteStateClusterFixture fixture) : AtomicStateTests<SqliteStateClusterFixture>(fixture);

[RequiresPostgres]
public sealed class PostgresAtomicStateTests(PostgresStateClusterFixture fixture) : AtomicStateTests<PostgresStateClusterFixture>(fixture);
