using BenchmarkDotNet.Attributes;
using MemberCard.Abstractions.Cards;
using MemberCard.Grains.Shared;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Orleans;

namespace MemberCard.Benchmarks.Grains;

/// <summary>
/// Making a card's grain reference, as every card request does: Orleans' <c>GetGrain&lt;ICardGrain&gt;(key)</c> (the
/// baseline: it resolves the interface from its attributes on every call) against <see cref="GrainReferences.GrainOf"/>
/// (resolved once). No grain is called; a silo is running so the factory is the one requests use.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class GrainReferenceBenchmarks
{
    private DomainCluster _cluster = null!;
    private IGrainFactory _grains = null!;

    [GlobalSetup]
    public void Start()
    {
        _cluster = DomainCluster.StartAsync(new DomainClusterOptions { Storage = new InMemoryGrainStorage(TimeProvider.System) }).GetAwaiter().GetResult();
        _grains = _cluster.Grains;
    }

    [GlobalCleanup]
    public void Stop() => _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public ICardGrain GetGrain() => _grains.GetGrain<ICardGrain>("2326543830205003");

    [Benchmark]
    public ICardGrain GrainOf() => _grains.GrainOf<ICardGrain>("2326543830205003");
}
