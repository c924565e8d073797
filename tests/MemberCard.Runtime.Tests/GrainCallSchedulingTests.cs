using MemberCard.Runtime.Hosting;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Runtime.Tests;

public sealed class GrainCallSchedulingTests
{
    private static Task<TestSilo> StartAsync() => TestSilo.StartAsync(s => s.AddGrain<ITurnProbeGrain, TurnProbeGrain>());

    [Fact]
    public async Task ThousandConcurrentCallsToOneGrainRunOneAtATimeInArrivalOrder()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<ITurnProbeGrain>("probe");

        // Calls are queued synchronously by the reference, so issuing them in a loop fixes arrival order.
        var calls = Enumerable.Range(0, 1000).Select(i => grain.EnterAsync(i)).ToList();
        await Task.WhenAll(calls);

        Assert.Equal(1, await grain.MaxConcurrencyAsync());
        Assert.Equal(Enumerable.Range(0, 1000), await grain.TicketsAsync());
    }

    [Fact]
    public async Task CallsFromManyThreadsToOneGrainNeverOverlap()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<ITurnProbeGrain>("probe");

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() => grain.EnterAsync(i))));

        Assert.Equal(1, await grain.MaxConcurrencyAsync());
        Assert.Equal(1000, (await grain.TicketsAsync()).Distinct().Count());
    }

    [Fact]
    public async Task DifferentGrainsRunInParallel()
    {
        await using var silo = await StartAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = Enumerable.Range(0, 8).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();

        // Each grain blocks inside a turn until the gate opens; all eight can only be inside at once
        // if different grains do not wait for each other.
        var calls = entered.Select((e, i) => silo.Grains.GetGrain<ITurnProbeGrain>($"g{i}").WaitAsync(gate, e)).ToList();
        await Task.WhenAll(entered.Select(e => e.Task)).WaitAsync(TimeSpan.FromSeconds(10));
        gate.SetResult();
        await Task.WhenAll(calls);
    }

    [Fact]
    public async Task SecondCallWaitsWhileFirstTurnIsBlocked()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<ITurnProbeGrain>("blocked");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = grain.WaitAsync(gate, entered);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = grain.EnterAsync(7);
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        gate.SetResult();
        await first;
        Assert.Equal(7, await second);
    }

    [Fact]
    public async Task CallThatOutlivesTheCallTimeoutFailsWithTimeout()
    {
        await using var silo = await TestSilo.StartAsync(
            s => s.AddGrain<ITurnProbeGrain, TurnProbeGrain>(),
            o => o.CallTimeout = TimeSpan.FromSeconds(30));
        var clock = (ManualTimeProvider)silo.Services.GetRequiredService<TimeProvider>();
        var grain = silo.Grains.GetGrain<ITurnProbeGrain>("slow");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = grain.WaitAsync(gate, entered);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(31));

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call);
        gate.SetResult();
    }
}
