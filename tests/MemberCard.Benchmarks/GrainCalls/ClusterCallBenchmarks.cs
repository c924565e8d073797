using BenchmarkDotNet.Attributes;
using MemberCard.Runtime.Hosting;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MemberCard.Benchmarks.GrainCalls;

/// <summary>
/// A grain call that stays in its silo against the same call from another silo over the loopback TCP transport
/// (frame, JSON arguments and result, request id, reply), in a two-silo in-process cluster on in-memory storage.
/// One call at a time gives latency; a thousand in flight gives throughput (the figure is per call). A lone silo
/// with no cluster at all is the baseline, so Ratio shows what the router costs locally and what the network costs.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class ClusterCallBenchmarks
{
    private const int ConcurrentCalls = 1000;

    private readonly Task[] _inFlight = new Task[ConcurrentCalls];
    private TestCluster? _cluster;
    private TestSilo? _alone;
    private ITallyGrain _onLoneSilo = null!;
    private ITallyGrain _fromOwner = null!;
    private ITallyGrain _fromOther = null!;

    [GlobalSetup]
    public async Task StartClusterAsync()
    {
        _cluster = await TestCluster.StartAsync(new TestClusterOptions
        {
            InitialSilos = 2,
            // Prefer-local: the grain lives on the silo that first calls it, so the test knows which silo is remote.
            Placement = "local",
            ConfigureServices = services => services.AddGrain<ITallyGrain, TallyGrain>(),
        });
        var owner = _cluster.Silos[0];
        var other = _cluster.Silos[1];
        _fromOwner = owner.Grains.GetGrain<ITallyGrain>("tally-bench");
        await _fromOwner.AddAsync(42);
        _fromOther = other.Grains.GetGrain<ITallyGrain>("tally-bench");
        await _fromOther.GetAsync();
        _alone = await TestSilo.StartAsync(services =>
        {
            services.Replace(ServiceDescriptor.Singleton(TimeProvider.System));
            services.AddGrain<ITallyGrain, TallyGrain>();
        });
        _onLoneSilo = _alone.Grains.GetGrain<ITallyGrain>("tally-bench");
        await _onLoneSilo.AddAsync(42);
    }

    [GlobalCleanup]
    public async Task StopClusterAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_alone is not null) await _alone.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<long> LoneSiloCall() => _onLoneSilo.GetAsync();

    [Benchmark]
    public Task<long> LocalCall() => _fromOwner.GetAsync();

    [Benchmark]
    public Task<long> CrossSiloCall() => _fromOther.GetAsync();

    [Benchmark(OperationsPerInvoke = ConcurrentCalls)]
    public Task LoneSiloCallsInFlight()
    {
        for (var i = 0; i < ConcurrentCalls; i++) _inFlight[i] = _onLoneSilo.AddAsync(1);
        return Task.WhenAll(_inFlight);
    }

    [Benchmark(OperationsPerInvoke = ConcurrentCalls)]
    public Task LocalCallsInFlight()
    {
        for (var i = 0; i < ConcurrentCalls; i++) _inFlight[i] = _fromOwner.AddAsync(1);
        return Task.WhenAll(_inFlight);
    }

    [Benchmark(OperationsPerInvoke = ConcurrentCalls)]
    public Task CrossSiloCallsInFlight()
    {
        for (var i = 0; i < ConcurrentCalls; i++) _inFlight[i] = _fromOther.AddAsync(1);
        return Task.WhenAll(_inFlight);
    }
}
