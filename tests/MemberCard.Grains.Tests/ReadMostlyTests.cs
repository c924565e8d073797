using MemberCard.Grains.Shared;
using Microsoft.Extensions.Time.Testing;

namespace MemberCard.Grains.Tests;

/// <summary>A silo's copy of read-mostly state: when it is used, when it is read again, and what a read may overwrite.</summary>
public sealed class ReadMostlyTests
{
    private static readonly ReadMostlyOptions Options = new() { Fresh = TimeSpan.FromSeconds(1), MaxStale = TimeSpan.FromSeconds(60) };
    private readonly FakeTimeProvider _clock = new();
    private readonly ReadMostly<string, Box> _copy;
    private int _reads;
    private string _source = "v1";

    public ReadMostlyTests() => _copy = new ReadMostly<string, Box>(_clock, Options);

    private sealed record Box(string Value);

    private Task<Box?> ReadAsync(string key)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult<Box?>(new Box(_source));
    }

    [Fact]
    public async Task AFreshCopyIsUsedWithoutReading()
    {
        Assert.Equal("v1", (await _copy.GetAsync("k", ReadAsync))!.Value);
        _source = "v2";
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal("v1", (await _copy.GetAsync("k", ReadAsync))!.Value);
        Assert.Equal(1, _reads);
    }

    [Fact]
    public async Task AStaleCopyIsUsedWhileOneBackgroundReadRefreshesIt()
    {
        await _copy.GetAsync("k", ReadAsync);
        var gate = new TaskCompletionSource<Box?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowReads = 0;
        Task<Box?> SlowAsync(string _) { Interlocked.Increment(ref slowReads); return gate.Task; }
        _clock.Advance(TimeSpan.FromSeconds(2));

        for (var i = 0; i < 5; i++) Assert.Equal("v1", (await _copy.GetAsync("k", SlowAsync))!.Value);
        await WaitUntilAsync(() => Volatile.Read(ref slowReads) == 1);
        gate.SetResult(new Box("v2"));
        await WaitUntilAsync(async () => (await _copy.GetAsync("k", SlowAsync))!.Value == "v2");
        Assert.Equal(1, slowReads);
    }

    [Fact]
    public async Task ACopyTooOldWaitsForTheRead()
    {
        await _copy.GetAsync("k", ReadAsync);
        _source = "v2";
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("v2", (await _copy.GetAsync("k", ReadAsync))!.Value);
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task MissesShareOneReadAndAbsentValuesAreNotKept()
    {
        var gate = new TaskCompletionSource<Box?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;
        Task<Box?> SlowAsync(string _) { Interlocked.Increment(ref reads); return gate.Task; }
        var waiting = Enumerable.Range(0, 10).Select(_ => _copy.GetAsync("k", SlowAsync).AsTask()).ToList();
        gate.SetResult(null);
        Assert.All(await Task.WhenAll(waiting), Assert.Null);
        Assert.Equal(1, reads);

        Assert.Null(await _copy.GetAsync("k", _ => { reads++; return Task.FromResult<Box?>(null); }));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task ALocalChangeWinsOverAReadThatOverlappedIt()
    {
        var gate = new TaskCompletionSource<Box?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = _copy.GetAsync("k", _ => gate.Task).AsTask();
        _copy.Set("k", new Box("written"));
        gate.SetResult(new Box("old"));
        Assert.Equal("old", (await read)!.Value);
        Assert.Equal("written", (await _copy.GetAsync("k", ReadAsync))!.Value);
        Assert.Equal(0, _reads);

        _copy.Forget("k");
        Assert.Equal("v1", (await _copy.GetAsync("k", ReadAsync))!.Value);
        _copy.ForgetAll();
        _source = "v3";
        Assert.Equal("v3", (await _copy.GetAsync("k", ReadAsync))!.Value);
    }

    [Fact]
    public async Task AFailedRefreshKeepsTheStaleCopyAndAFailedMissFails()
    {
        await _copy.GetAsync("k", ReadAsync);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Task<Box?> Failing(string _) => Task.FromException<Box?>(new TimeoutException("silo gone"));
        Assert.Equal("v1", (await _copy.GetAsync("k", Failing))!.Value);
        await Task.Delay(50);
        Assert.Equal("v1", (await _copy.GetAsync("k", Failing))!.Value);

        await Assert.ThrowsAsync<TimeoutException>(() => _copy.GetAsync("other", Failing).AsTask());
    }

    private static async Task WaitUntilAsync(Func<bool> condition) => await WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++) await Task.Delay(10);
        Assert.True(await condition());
    }
}
