using MemberCard.Runtime;

namespace MemberCard.Benchmarks.GrainCalls;

/// <summary>The state of <see cref="TallyGrain"/>.</summary>
public sealed record TallyState(long Value);

/// <summary>A counter whose logic costs next to nothing, so a call measures the runtime around it.</summary>
[GrainType("bench-tally")]
public sealed class TallyGrain : Grain<TallyState>, ITallyGrain
{
    protected override TallyState CreateInitialState() => new(0);

    public Task<long> GetAsync() => Task.FromResult(State.Value);

    public Task<long> PeekAsync() => Task.FromResult(State.Value);

    public async Task<long> AddAsync(long amount)
    {
        await CommitAsync(State with { Value = State.Value + amount });
        return State.Value;
    }
}
