namespace MemberCard.Benchmarks.GrainCalls;

/// <summary>
/// The logic of <see cref="TallyGrain"/> as a plain object: calling it through <see cref="ITallyGrain"/> is what a
/// call would cost with no runtime at all (no mailbox, no thread hop, no storage).
/// </summary>
public sealed class DirectTally : ITallyGrain
{
    private long _value;

    public Task<long> GetAsync() => Task.FromResult(_value);

    public Task<long> PeekAsync() => Task.FromResult(_value);

    public Task<long> AddAsync(long amount)
    {
        _value += amount;
        return Task.FromResult(_value);
    }
}
