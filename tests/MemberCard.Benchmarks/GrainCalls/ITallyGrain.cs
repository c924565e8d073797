using MemberCard.Runtime;

namespace MemberCard.Benchmarks.GrainCalls;

/// <summary>The smallest useful grain contract: one read, one durable change.</summary>
public interface ITallyGrain : IGrainWithStringKey
{
    Task<long> GetAsync();

    Task<long> AddAsync(long amount);
}
