using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MemberCard.Runtime.Tests;

public sealed class ActivationLifecycleTests
{
    private readonly ActivationLog _log = new();
    private readonly ManualTimeProvider _clock = new();
    private InMemoryGrainStorage? _storage;

    private async Task<TestSilo> StartAsync(IGrainStorage? storage = null)
    {
        _storage = new InMemoryGrainStorage(_clock);
        return await TestSilo.StartAsync(
            s =>
            {
                s.AddGrain<ICounterGrain, CounterGrain>();
                s.AddSingleton(_log);
                s.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));
                s.AddSingleton(storage ?? _storage);
            },
            o =>
            {
                o.CollectionAge = TimeSpan.FromMinutes(15);
                o.CollectionQuantum = TimeSpan.FromMinutes(1);
            });
    }

    [Fact]
    public async Task IdleActivationIsCollectedAfterCollectionAgeAndReactivatesWithItsState()
    {
        await using var silo = await StartAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("c1");
        Assert.Equal(5, await counter.AddAsync(5));

        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(1, silo.Silo.ActivationCount);

        _clock.Advance(TimeSpan.FromMinutes(2));
        await WaitUntil(() => silo.Silo.ActivationCount == 0);
        Assert.Contains(_log.Deactivations, d => d.Reason == DeactivationReason.Idle);

        Assert.Equal(5, await counter.GetAsync());
        Assert.Equal(2, await counter.ActivationNumberAsync());
    }

    [Fact]
    public async Task RecentlyUsedActivationIsNotCollected()
    {
        await using var silo = await StartAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("busy");
        for (var i = 0; i < 5; i++)
        {
            await counter.AddAsync(1);
            _clock.Advance(TimeSpan.FromMinutes(10));
        }
        Assert.Equal(1, silo.Silo.ActivationCount);
        Assert.Equal(1, await counter.ActivationNumberAsync());
    }

    [Fact]
    public async Task WriteFromStaleActivationIsRefusedAndTheCallRetriedOnAFreshActivation()
    {
        await using var silo = await StartAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("stale");
        await counter.AddAsync(1);

        // Another writer (a duplicate activation elsewhere) commits behind this activation's back.
        var id = new GrainId("counter", "stale");
        var stored = await _storage!.ReadStateAsync(id);
        await _storage.WriteAsync(new GrainWrite(id, stored!.Version, """{"value":100,"lastNote":null}""", _clock.GetUtcNow()));

        Assert.Equal(101, await counter.AddAsync(1));
        Assert.Equal(2, await counter.ActivationNumberAsync());
        Assert.Equal(101, (await _storage.ReadJournalAsync(id, new JournalQuery(10))).Count + 99);
    }

    [Fact]
    public async Task CallFailsWithRetryableErrorWhenStateKeepsChangingUnderneath()
    {
        var storage = new AlwaysStaleStorage(new InMemoryGrainStorage(_clock));
        await using var silo = await StartAsync(storage);
        var counter = silo.Grains.GetGrain<ICounterGrain>("flapping");

        await Assert.ThrowsAsync<GrainUnavailableException>(() => counter.AddAsync(1));
        Assert.Equal(2, storage.Attempts);
    }

    [Fact]
    public async Task RefusedClaimLeavesStateUnchanged()
    {
        await using var silo = await StartAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("claims");
        await counter.AddWithClaimAsync(1, "k1");

        await Assert.ThrowsAsync<ClaimConflictException>(() => counter.AddWithClaimAsync(1, "k1"));

        Assert.Equal(1, await counter.GetAsync());
        Assert.Equal(1, await counter.ActivationNumberAsync());
    }

    [Fact]
    public async Task ShutdownDeactivatesEveryActivationAndPersistsTheirState()
    {
        var silo = await StartAsync();
        await silo.Grains.GetGrain<ICounterGrain>("a").AddAsync(1);
        await silo.Grains.GetGrain<ICounterGrain>("b").AddAsync(2);

        await silo.StopAsync();

        Assert.Equal(0, silo.Silo.ActivationCount);
        await silo.DisposeAsync();
        Assert.Equal(2, _log.Deactivations.Count(d => d.Reason == DeactivationReason.Shutdown));
        var a = await _storage!.ReadStateAsync(new GrainId("counter", "a"));
        Assert.Contains("deactivated:Shutdown", a!.Json);
    }

    [Fact]
    public async Task CallsAfterShutdownAreRefusedAsUnavailable()
    {
        var silo = await StartAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("late");
        await counter.AddAsync(1);
        await silo.StopAsync();

        await Assert.ThrowsAsync<GrainUnavailableException>(() => counter.AddAsync(1));
        await silo.DisposeAsync();
    }

    [Fact]
    public async Task FailedActivationFailsItsCallsAndTheNextCallActivatesAgain()
    {
        var storage = new FailingReadStorage(new InMemoryGrainStorage(_clock)) { FailReads = true };
        await using var silo = await StartAsync(storage);
        var counter = silo.Grains.GetGrain<ICounterGrain>("broken");

        await Assert.ThrowsAsync<IOException>(() => counter.GetAsync());
        storage.FailReads = false;

        Assert.Equal(3, await counter.AddAsync(3));
    }

    [Fact]
    public async Task TimerTicksRunAsTurnsAndStopWithTheActivation()
    {
        await using var silo = await StartAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("timer");
        await counter.StartTimerAsync(TimeSpan.FromSeconds(10));

        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            await WaitUntil(async () => await counter.TimerTicksAsync() == i + 1);
        }
        Assert.Equal(3, await counter.TimerTicksAsync());
    }

    [Fact]
    public async Task TimerTicksDoNotKeepAnActivationAlive()
    {
        await using var silo = await StartAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("timer-idle");
        await counter.StartTimerAsync(TimeSpan.FromMinutes(1));

        // Minute by minute, so each tick runs (and could count as use) before the collector looks.
        for (var minute = 1; minute <= 17; minute++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(20);
        }

        await WaitUntil(() => silo.Silo.ActivationCount == 0);
        Assert.Contains(_log.Deactivations, d => d.Reason == DeactivationReason.Idle);
    }

    private static async Task WaitUntil(Func<bool> condition) => await WaitUntil(() => Task.FromResult(condition()));

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Condition not met in 10 s.");
            await Task.Delay(10);
        }
    }

    private sealed class AlwaysStaleStorage(IGrainStorage inner) : IGrainStorage
    {
        public int Attempts { get; private set; }

        public Task<StoredState?> ReadStateAsync(GrainId grain, CancellationToken cancellationToken = default) => inner.ReadStateAsync(grain, cancellationToken);

        public Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default)
        {
            Attempts++;
            throw new InconsistentStateException(write.Grain, write.ExpectedVersion);
        }

        public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(GrainId grain, JournalQuery query, CancellationToken cancellationToken = default) => inner.ReadJournalAsync(grain, query, cancellationToken);

        public Task<IReadOnlyList<LogEntry>> ReadLogAsync(string log, LogQuery query, CancellationToken cancellationToken = default) => inner.ReadLogAsync(log, query, cancellationToken);

        public Task<StoredClaim?> ReadClaimAsync(ClaimKey key, CancellationToken cancellationToken = default) => inner.ReadClaimAsync(key, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class FailingReadStorage(IGrainStorage inner) : IGrainStorage
    {
        public bool FailReads { get; set; }

        public Task<StoredState?> ReadStateAsync(GrainId grain, CancellationToken cancellationToken = default) =>
            FailReads ? throw new IOException("storage down") : inner.ReadStateAsync(grain, cancellationToken);

        public Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default) => inner.WriteAsync(write, cancellationToken);

        public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(GrainId grain, JournalQuery query, CancellationToken cancellationToken = default) => inner.ReadJournalAsync(grain, query, cancellationToken);

        public Task<IReadOnlyList<LogEntry>> ReadLogAsync(string log, LogQuery query, CancellationToken cancellationToken = default) => inner.ReadLogAsync(log, query, cancellationToken);

        public Task<StoredClaim?> ReadClaimAsync(ClaimKey key, CancellationToken cancellationToken = default) => inner.ReadClaimAsync(key, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
