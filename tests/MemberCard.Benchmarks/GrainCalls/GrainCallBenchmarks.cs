using BenchmarkDotNet.Attributes;
using MemberCard.Runtime;
using MemberCard.Runtime.Hosting;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MemberCard.Benchmarks.GrainCalls;

/// <summary>
/// What a grain call costs in one silo with in-memory storage, against the same logic called through the same
/// interface with no runtime (the baseline, so Ratio reads as the runtime's overhead factor).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class GrainCallBenchmarks
{
    private const int ConcurrentCalls = 1000;
    private const int GrainsUnderLoad = 100;
    private const long StartValue = 42;

    private readonly ITallyGrain _direct = new DirectTally();
    private readonly Task[] _inFlight = new Task[ConcurrentCalls];
    private TestSilo? _silo;
    private IGrainFactory _grains = null!;
    private ITallyGrain _active = null!;
    private ITallyGrain[] _underLoad = [];

    [GlobalSetup]
    public async Task StartSiloAsync()
    {
        _silo = await TestSilo.StartAsync(services =>
        {
            // TestSilo's manual clock would make each call's time-out timer free; production pays for a real one.
            services.Replace(ServiceDescriptor.Singleton(TimeProvider.System));
            services.AddGrain<ITallyGrain, TallyGrain>();
        });
        _grains = _silo.Grains;
        _active = _grains.GetGrain<ITallyGrain>("tally-single");
        _underLoad = [.. Enumerable.Range(0, GrainsUnderLoad).Select(i => _grains.GetGrain<ITallyGrain>($"tally-{i}"))];
        // Activate now, so every measured call finds its grain active. A value that Task.FromResult does not cache
        // gives the direct baseline a real (if tiny) cost, so the Ratio column has something to divide by.
        await _direct.AddAsync(StartValue);
        await _active.AddAsync(StartValue);
        await Task.WhenAll(_underLoad.Select(grain => grain.AddAsync(StartValue)));
    }

    [GlobalCleanup]
    public async Task StopSiloAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<long> DirectCall() => _direct.GetAsync();

    // The floor of any call whose turn runs on the thread pool, with the same shape as a grain call: a hop to the
    // pool, a completion whose continuation is queued (a second hop), then waking the waiting caller. ReadCall
    // minus this is the runtime's own work: proxy, catalog lookup, mailbox, compiled invoker, time-out timer.
    [Benchmark]
    public async Task<long> ThreadPoolRoundTrip()
    {
        var completion = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        ThreadPool.UnsafeQueueUserWorkItem(static c => c.TrySetResult(StartValue), completion, preferLocal: false);
        return await completion.Task.ConfigureAwait(false);
    }

    [Benchmark]
    public ITallyGrain GetGrain() => _grains.GetGrain<ITallyGrain>("tally-single");

    [Benchmark]
    public Task<long> ReadCall() => _active.GetAsync();

    [Benchmark]
    public Task<long> ReadOnlyCall() => _active.PeekAsync();

    [Benchmark]
    public Task<long> CommitCall() => _active.AddAsync(1);

    [Benchmark(OperationsPerInvoke = ConcurrentCalls)]
    public Task ReadCalls1000Concurrent()
    {
        for (var i = 0; i < ConcurrentCalls; i++) _inFlight[i] = _underLoad[i % GrainsUnderLoad].GetAsync();
        return Task.WhenAll(_inFlight);
    }

    [Benchmark(OperationsPerInvoke = ConcurrentCalls)]
    public Task CommitCalls1000Concurrent()
    {
        for (var i = 0; i < ConcurrentCalls; i++) _inFlight[i] = _underLoad[i % GrainsUnderLoad].AddAsync(1);
        return Task.WhenAll(_inFlight);
    }
}
