using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.Membership;
using MemberCard.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemberCard.Runtime.Tests;

/// <summary>The membership protocol on an in-memory table with a fake clock and a scripted network.</summary>
public sealed class MembershipAgentTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly InMemoryMembershipTable _table = new();
    private readonly ScriptedNetwork _network = new();
    private readonly MembershipOptions _options = new();

    private sealed class ScriptedNetwork : IMembershipMessenger
    {
        public HashSet<SiloAddress> Down { get; } = [];

        public HashSet<SiloAddress> ReachableOnlyIndirectly { get; } = [];

        public List<SiloAddress> Gossiped { get; } = [];

        public Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout) =>
            Task.FromResult(!Down.Contains(target) && !ReachableOnlyIndirectly.Contains(target));

        public Task<bool> ProbeIndirectAsync(SiloAddress via, SiloAddress target, TimeSpan timeout) =>
            Task.FromResult(!Down.Contains(target) && !Down.Contains(via));

        public Task NotifyChangedAsync(SiloAddress target)
        {
            lock (Gossiped) Gossiped.Add(target);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingTerminator : ISiloTerminator
    {
        public string? Reason { get; private set; }

        public void Terminate(string reason) => Reason = reason;
    }

    private sealed record Member(MembershipAgent Agent, MembershipClusterView View, RecordingTerminator Terminator);

    private Member NewMember(int port, IMembershipTable? table = null)
    {
        var view = new MembershipClusterView(new SiloAddress("127.0.0.1", port, 1000 + port));
        var terminator = new RecordingTerminator();
        var agent = new MembershipAgent(table ?? _table, _network, view, _options, _clock, terminator, NullLogger<MembershipAgent>.Instance);
        return new Member(agent, view, terminator);
    }

    private async Task<Member[]> ActiveMembersAsync(int count)
    {
        var members = Enumerable.Range(1, count).Select(i => NewMember(i)).ToArray();
        foreach (var member in members)
        {
            await member.Agent.JoinAsync();
            await member.Agent.SetStatusAsync(SiloStatus.Active);
        }
        foreach (var member in members) await member.Agent.RefreshAsync();
        return members;
    }

    private async Task<SiloStatus?> StatusOf(SiloAddress silo) => (await _table.ReadAllAsync()).Find(silo)?.Status;

    [Fact]
    public async Task JoiningAndBecomingActiveEachBumpTheVersionAndShowInEveryView()
    {
        var members = await ActiveMembersAsync(3);

        var data = await _table.ReadAllAsync();
        Assert.Equal(6, data.Version);
        Assert.All(members, m => Assert.Equal(3, m.View.Current.ActiveSilos.Count));
        Assert.All(data.Entries, e => Assert.Equal(SiloStatus.Active, e.Status));
    }

    [Fact]
    public async Task OneVoteOfThreeActiveSilosOnlySuspectsTwoDeclareDead()
    {
        var (a, b, c) = await ActiveMembersAsync(3) is var m ? (m[0], m[1], m[2]) : default;

        Assert.False(await a.Agent.SuspectAsync(c.View.LocalSilo));
        Assert.Equal(SiloStatus.Active, await StatusOf(c.View.LocalSilo));
        Assert.False(await a.Agent.SuspectAsync(c.View.LocalSilo)); // the same voter twice is still one vote
        Assert.Equal(SiloStatus.Active, await StatusOf(c.View.LocalSilo));

        Assert.True(await b.Agent.SuspectAsync(c.View.LocalSilo));
        Assert.Equal(SiloStatus.Dead, await StatusOf(c.View.LocalSilo));
        Assert.Equal(2, b.View.Current.ActiveSilos.Count);
        await a.Agent.RefreshAsync(); // what gossip triggers
        Assert.Equal(2, a.View.Current.ActiveSilos.Count);
    }

    [Fact]
    public async Task VotesNeededAreTwoCappedByHalfTheActiveSilos()
    {
        var member = NewMember(1);
        Assert.Equal(1, member.Agent.VotesNeeded(1));
        Assert.Equal(1, member.Agent.VotesNeeded(2));
        Assert.Equal(2, member.Agent.VotesNeeded(3));
        Assert.Equal(2, member.Agent.VotesNeeded(10));
    }

    [Fact]
    public async Task AVoteOlderThanTheExpirationNoLongerCounts()
    {
        var m = await ActiveMembersAsync(3);

        await m[0].Agent.SuspectAsync(m[2].View.LocalSilo);
        _clock.Advance(_options.VoteExpiration + TimeSpan.FromSeconds(1));
        Assert.False(await m[1].Agent.SuspectAsync(m[2].View.LocalSilo));

        Assert.Equal(SiloStatus.Active, await StatusOf(m[2].View.LocalSilo));
        var row = (await _table.ReadAllAsync()).Find(m[2].View.LocalSilo)!;
        Assert.Single(row.FreshVotes(_clock.GetUtcNow() - _options.VoteExpiration));
    }

    [Fact]
    public async Task WithTwoActiveSilosOneVoteDeclaresTheOtherDead()
    {
        var m = await ActiveMembersAsync(2);

        Assert.True(await m[0].Agent.SuspectAsync(m[1].View.LocalSilo));

        Assert.Equal(SiloStatus.Dead, await StatusOf(m[1].View.LocalSilo));
    }

    [Fact]
    public async Task ASiloThatReadsItselfDeadStopsItself()
    {
        var m = await ActiveMembersAsync(3);
        await m[0].Agent.SuspectAsync(m[2].View.LocalSilo);
        await m[1].Agent.SuspectAsync(m[2].View.LocalSilo);
        Assert.Null(m[2].Terminator.Reason);

        await m[2].Agent.RefreshAsync();

        Assert.NotNull(m[2].Terminator.Reason);
        Assert.True(m[2].Agent.IsTerminated);
        Assert.False(await m[2].Agent.SetStatusAsync(SiloStatus.Active)); // a dead row is never revived
    }

    [Fact]
    public async Task MissedProbeRoundsLeadToAVoteOnlyAfterTheLimit()
    {
        var m = await ActiveMembersAsync(3);
        var target = m[2].View.LocalSilo;
        _network.Down.Add(target);

        for (var round = 1; round < _options.MissedProbesLimit; round++) await m[0].Agent.ProbeRoundAsync();
        Assert.Empty((await _table.ReadAllAsync()).Find(target)!.Suspicions);

        await m[0].Agent.ProbeRoundAsync();
        Assert.Single((await _table.ReadAllAsync()).Find(target)!.Suspicions);
        for (var round = 0; round < _options.MissedProbesLimit; round++) await m[1].Agent.ProbeRoundAsync();
        Assert.Equal(SiloStatus.Dead, await StatusOf(target));
        Assert.Contains(m[0].View.LocalSilo, _network.Gossiped); // the death was gossiped
    }

    [Fact]
    public async Task ASiloReachableThroughAnotherSiloIsNotSuspected()
    {
        var m = await ActiveMembersAsync(3);
        var target = m[2].View.LocalSilo;
        _network.ReachableOnlyIndirectly.Add(target);

        for (var round = 0; round < _options.MissedProbesLimit * 2; round++) await m[0].Agent.ProbeRoundAsync();

        Assert.Empty((await _table.ReadAllAsync()).Find(target)!.Suspicions);
    }

    [Fact]
    public async Task AWriterThatReadAnOldVersionLosesAndTheAgentRetriesOnTheNewOne()
    {
        var m = await ActiveMembersAsync(3);
        var stale = await _table.ReadAllAsync();
        await m[1].Agent.SuspectAsync(m[2].View.LocalSilo); // moves the version

        var row = stale.Find(m[0].View.LocalSilo)!;
        Assert.False(await _table.UpdateAsync(row with { Status = SiloStatus.ShuttingDown }, stale.Version));
        Assert.False(await _table.InsertAsync(new MembershipEntry(new SiloAddress("x", 9, 9), SiloStatus.Joining, [], default, default), stale.Version));

        var racing = new RacingTable(_table, () => m[1].Agent.SuspectAsync(m[0].View.LocalSilo));
        var agent = NewMember(3, racing);
        await agent.Agent.RefreshAsync();
        Assert.True(await agent.Agent.SuspectAsync(m[0].View.LocalSilo));
        Assert.Equal(1, racing.Conflicts);
        Assert.Equal(SiloStatus.Dead, await StatusOf(m[0].View.LocalSilo));
    }

    /// <summary>Lets another writer in between the first read and the first write, once.</summary>
    private sealed class RacingTable(IMembershipTable inner, Func<Task> interloper) : IMembershipTable
    {
        private bool _raced;

        public int Conflicts { get; private set; }

        public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

        public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default) => inner.ReadAllAsync(cancellationToken);

        public Task<bool> InsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default) =>
            inner.InsertAsync(entry, expectedVersion, cancellationToken);

        public async Task<bool> UpdateAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default)
        {
            if (!_raced)
            {
                _raced = true;
                await interloper();
            }
            var ok = await inner.UpdateAsync(entry, expectedVersion, cancellationToken);
            if (!ok) Conflicts++;
            return ok;
        }

        public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default) =>
            inner.UpdateIAmAliveAsync(entry, cancellationToken);
    }

    [Fact]
    public async Task ClusterViewRaisesChangedWhenASiloJoinsOrLeaves()
    {
        var m = await ActiveMembersAsync(2);
        var seen = new List<int>();
        m[0].View.Changed += snapshot => seen.Add(snapshot.ActiveSilos.Count);

        var late = NewMember(3);
        await late.Agent.JoinAsync();
        await late.Agent.SetStatusAsync(SiloStatus.Active);
        await m[0].Agent.RefreshAsync();
        await late.Agent.SetStatusAsync(SiloStatus.ShuttingDown);
        await m[0].Agent.RefreshAsync();

        Assert.Equal([3, 2], seen);
    }

    [Fact]
    public async Task ARestartedSiloDeclaresItsOlderGenerationOnTheSameEndpointDead()
    {
        var m = await ActiveMembersAsync(3);
        var old = m[2].View.LocalSilo;
        var restarted = new MembershipAgent(_table, _network, new MembershipClusterView(old with { Generation = old.Generation + 60_000 }),
            _options, _clock, new RecordingTerminator(), NullLogger<MembershipAgent>.Instance);

        await restarted.JoinAsync();

        Assert.Equal(SiloStatus.Dead, await StatusOf(old));
        Assert.Equal(SiloStatus.Active, await StatusOf(m[0].View.LocalSilo));
    }

    [Fact]
    public async Task HeartbeatWritesIAmAliveWithoutMovingTheVersion()
    {
        var m = await ActiveMembersAsync(1);
        var before = await _table.ReadAllAsync();
        _clock.Advance(TimeSpan.FromSeconds(30));

        await m[0].Agent.HeartbeatAsync();

        var after = await _table.ReadAllAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(_clock.GetUtcNow(), after.Find(m[0].View.LocalSilo)!.IAmAliveTime);
    }
}
