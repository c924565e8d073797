using MemberCard.Runtime.Hosting;
using MemberCard.Testing;

namespace MemberCard.Runtime.Tests;

public interface IReadWriteGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<int> PeekAsync();

    [ReadOnly]
    Task<int> ReadAsync(TaskCompletionSource gate, TaskCompletionSource entered);

    Task WriteAsync(int value, TaskCompletionSource gate, TaskCompletionSource entered);

    Task<(int MaxReaders, bool ReadOverlappedWrite)> ObservationsAsync();
}

/// <summary>Records how reads and writes overlapped.</summary>
public sealed class ReadWriteGrain : Grain, IReadWriteGrain
{
    private int _value;
    private int _readers;
    private int _maxReaders;
    private bool _writing;
    private bool _readOverlappedWrite;

    public Task<int> PeekAsync()
    {
        if (_writing) _readOverlappedWrite = true;
        return Task.FromResult(_value);
    }

    public async Task<int> ReadAsync(TaskCompletionSource gate, TaskCompletionSource entered)
    {
        if (_writing) _readOverlappedWrite = true;
        var inside = Interlocked.Increment(ref _readers);
        InterlockedMax(ref _maxReaders, inside);
        entered.TrySetResult();
        await gate.Task;
        Interlocked.Decrement(ref _readers);
        return _value;
    }

    public async Task WriteAsync(int value, TaskCompletionSource gate, TaskCompletionSource entered)
    {
        if (Volatile.Read(ref _readers) > 0) _readOverlappedWrite = true;
        _writing = true;
        entered.TrySetResult();
        await gate.Task;
        _value = value;
        _writing = false;
    }

    public Task<(int MaxReaders, bool ReadOverlappedWrite)> ObservationsAsync() => Task.FromResult((_maxReaders, _readOverlappedWrite));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        do seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) != seen);
    }
}

public sealed class ReadOnlyCallTests
{
    private static Task<TestSilo> StartAsync() => TestSilo.StartAsync(s => s.AddGrain<IReadWriteGrain, ReadWriteGrain>());

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource Opened()
    {
        var gate = NewSignal();
        gate.SetResult();
        return gate;
    }

    [Fact]
    public async Task ReadOnlyCallsRunBesideEachOther()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IReadWriteGrain>("r");
        await grain.PeekAsync();
        var gate = NewSignal();
        var entered = Enumerable.Range(0, 5).Select(_ => NewSignal()).ToList();

        var reads = entered.Select(e => grain.ReadAsync(gate, e)).ToList();
        await Task.WhenAll(entered.Select(e => e.Task)).WaitAsync(TimeSpan.FromSeconds(10));
        gate.SetResult();
        await Task.WhenAll(reads);

        Assert.Equal(5, (await grain.ObservationsAsync()).MaxReaders);
    }

    [Fact]
    public async Task ReadWaitsForARunningWriteAndSeesItsResult()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IReadWriteGrain>("w");
        var gate = NewSignal();
        var entered = NewSignal();

        var write = grain.WriteAsync(7, gate, entered);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var read = grain.PeekAsync();
        await Task.Delay(50);
        Assert.False(read.IsCompleted);

        gate.SetResult();
        await write;
        Assert.Equal(7, await read);
        Assert.False((await grain.ObservationsAsync()).ReadOverlappedWrite);
    }

    [Fact]
    public async Task WriteWaitsForRunningReadsToFinish()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IReadWriteGrain>("rw");
        await grain.PeekAsync();
        var readGate = NewSignal();
        var readEntered = NewSignal();
        var writeEntered = NewSignal();

        var read = grain.ReadAsync(readGate, readEntered);
        await readEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var write = grain.WriteAsync(3, Opened(), writeEntered);
        await Task.Delay(50);
        Assert.False(writeEntered.Task.IsCompleted);

        readGate.SetResult();
        Assert.Equal(0, await read);
        await write;
        Assert.Equal(3, await grain.PeekAsync());
        Assert.False((await grain.ObservationsAsync()).ReadOverlappedWrite);
    }

    [Fact]
    public async Task ReadNeverOvertakesACallQueuedBeforeIt()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IReadWriteGrain>("order");
        var firstGate = NewSignal();
        var firstEntered = NewSignal();

        var first = grain.WriteAsync(1, firstGate, firstEntered);
        await firstEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = grain.WriteAsync(2, Opened(), NewSignal());
        var read = grain.PeekAsync();
        firstGate.SetResult();

        await Task.WhenAll(first, second);
        Assert.Equal(2, await read);
    }

    [Fact]
    public async Task ReadOnIdleActivationCompletesOnTheCallersThreadWithoutQueueing()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IReadWriteGrain>("idle");
        await grain.PeekAsync();

        var read = grain.PeekAsync();

        Assert.True(read.IsCompletedSuccessfully);
    }
}
