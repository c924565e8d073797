using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;

namespace MemberCard.Runtime.Tests;

public interface ITallyGrain : IGrainWithStringKey
{
    /// <summary>Commits, then (still inside its turn) asks the peeker what storage says about it.</summary>
    Task<long[]?> AddThenAskAsync(long amount, string peeker);
}

public interface IPeekingGrain : IGrainWithStringKey
{
    /// <summary>[total, version] of the tally as committed, or null when it has no state.</summary>
    Task<long[]?> PeekTallyAsync(string tally);

    /// <summary>The amounts in the tally's journal, newest first.</summary>
    Task<long[]> PeekAmountsAsync(string tally);
}

public sealed record TallyState(long Total);

[GrainType("tally")]
public sealed class TallyGrain : Grain<TallyState>, ITallyGrain
{
    protected override TallyState CreateInitialState() => new(0);

    public async Task<long[]?> AddThenAskAsync(long amount, string peeker)
    {
        await CommitAsync(State with { Total = State.Total + amount }, w => w.Journal("added", amount));
        return await GrainFactory.GetGrain<IPeekingGrain>(peeker).PeekTallyAsync(GrainId.Key);
    }
}

[GrainType("peeking")]
public sealed class PeekingGrain : Grain, IPeekingGrain
{
    public async Task<long[]?> PeekTallyAsync(string tally) =>
        await PeekStateAsync<TallyState>(new GrainId("tally", tally)) is { } seen ? [seen.State.Total, seen.Version] : null;

    public async Task<long[]> PeekAmountsAsync(string tally) =>
        [.. (await PeekJournalAsync(new GrainId("tally", tally), new JournalQuery(10, null))).Select(e => long.Parse(e.Json))];
}

/// <summary>Reading another grain's committed state and journal straight from storage: no call, so no deadlock.</summary>
public sealed class PeekStateTests
{
    private static Task<TestSilo> StartAsync() =>
        TestSilo.StartAsync(s => s.AddGrain<ITallyGrain, TallyGrain>().AddGrain<IPeekingGrain, PeekingGrain>());

    [Fact]
    public async Task AGrainWithNothingCommittedPeeksAsNull()
    {
        await using var silo = await StartAsync();

        Assert.Null(await silo.Grains.GetGrain<IPeekingGrain>("p").PeekTallyAsync("never-written"));
    }

    [Fact]
    public async Task APeekFromInsideTheOtherGrainsTurnSeesItsLastCommitWithoutWaitingForTheTurn()
    {
        await using var silo = await StartAsync();
        var tally = silo.Grains.GetGrain<ITallyGrain>("t");

        // A call back into the tally would wait for the turn that is waiting for it; the peek reads storage instead.
        var first = await tally.AddThenAskAsync(5, "p").WaitAsync(TimeSpan.FromSeconds(5));
        var second = await tally.AddThenAskAsync(7, "p").WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([5L, 1L], Assert.IsType<long[]>(first));
        Assert.Equal([12L, 2L], Assert.IsType<long[]>(second));
        var amounts = await silo.Grains.GetGrain<IPeekingGrain>("p").PeekAmountsAsync("t");
        Assert.Equal([7L, 5L], amounts);
    }
}
