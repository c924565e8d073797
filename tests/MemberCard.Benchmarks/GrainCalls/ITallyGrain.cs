using MemberCard.Runtime;

namespace MemberCard.Benchmarks.GrainCalls;

/// <summary>The smallest useful grain contract: one read, one durable change.</summary>
public interface ITallyGrain : IGrainWithStringKey
{
    Task<long> GetAsync();

    /// <summary>The same read, marked read-only: served on the caller's thread when the grain is idle.</summary>
    [ReadOnly]
    Task<long> PeekAsync();

    Task<long> AddAsync(long amount);
}
