using MemberCard.Testing;
using MemberCard.Runtime;
using MemberCard.Runtime.Storage;

namespace MemberCard.Storage.Tests;

/// <summary>
/// What a database provider promises beyond the in-memory reference: the schema is created and migrated at
/// start, safely and repeatedly; data outlives the process; instances sharing a database still see one winner.
/// </summary>
public abstract class SqlGrainStorageContractTests : GrainStorageContractTests
{
    private readonly List<IGrainStorage> _opened = [];
    private readonly List<string> _databases = [];
    private string? _location;

    /// <summary>Where the database of <see cref="GrainStorageContractTests.Storage"/> lives (a connection string or a directory).</summary>
    protected string Location => _location ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    /// <summary>Creates an empty database and returns where it lives.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    /// <summary>A new, not yet initialized storage instance on the database at <paramref name="location"/>.</summary>
    protected abstract IGrainStorage CreateInstance(string location);

    /// <summary>Removes a database made by <see cref="CreateEmptyDatabaseAsync"/>.</summary>
    protected abstract Task DeleteDatabaseAsync(string location);

    /// <inheritdoc />
    protected sealed override async Task<IGrainStorage> CreateStorageAsync()
    {
        _location = await NewDatabaseAsync();
        var storage = CreateInstance(_location);
        await ((IStorageInitializer)storage).InitializeAsync();
        return storage;
    }

    /// <inheritdoc />
    protected sealed override async Task CleanupAsync()
    {
        foreach (var storage in _opened)
        {
            if (storage is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
        foreach (var location in _databases) await DeleteDatabaseAsync(location);
    }

    /// <summary>Another storage instance, as a second silo or a restarted process would have; disposed after the test.</summary>
    protected IGrainStorage Open(string location)
    {
        var storage = CreateInstance(location);
        _opened.Add(storage);
        return storage;
    }

    /// <summary>A further empty database, removed after the test.</summary>
    protected async Task<string> NewDatabaseAsync()
    {
        var location = await CreateEmptyDatabaseAsync();
        _databases.Add(location);
        return location;
    }

    [StorageFact]
    public async Task InitializingAgainKeepsSchemaAndData()
    {
        var grain = NewGrain();
        await Storage.WriteAsync(new GrainWrite(grain, 0, """{"n":1}""", T0) { Journal = [new JournalAppend("opened", null, "{}")] });

        await ((IStorageInitializer)Storage).InitializeAsync();
        var second = Open(Location);
        await ((IStorageInitializer)second).InitializeAsync();

        Assert.Equal(1, (await Storage.ReadStateAsync(grain))?.Version);
        Assert.Equal(2, await second.WriteAsync(new GrainWrite(grain, 1, """{"n":2}""", T0)));
        Assert.Equal(["opened"], (await second.ReadJournalAsync(grain, new JournalQuery(10))).Select(e => e.Kind));
    }

    [StorageFact]
    public async Task RestartedStorageReadsWhatWasWrittenBefore()
    {
        var grain = NewGrain();
        var claim = NewClaimKey("order-number");
        await Storage.WriteAsync(new GrainWrite(grain, 0, """{"n":1}""", T0)
        {
            Journal = [new JournalAppend("opened", "c-1", """{"a":1}""")],
            Events = [new OutboxAppend("Opened", "{}")],
            Claims = [new ClaimInsert(claim, "v")],
        });
        await ((IAsyncDisposable)Storage).DisposeAsync();

        var restarted = Open(Location);
        await ((IStorageInitializer)restarted).InitializeAsync();

        var state = await restarted.ReadStateAsync(grain);
        Assert.Equal((1L, T0), (state?.Version, state?.UpdatedAt));
        AssertJson.Equal("""{"n":1}""", state!.Json);
        var entry = Assert.Single(await restarted.ReadJournalAsync(grain, new JournalQuery(10)));
        Assert.Equal((new JournalPosition(1, 0), "opened", "c-1", T0), (entry.Position, entry.Kind, entry.Correlation, entry.CreatedAt));
        AssertJson.Equal("""{"a":1}""", entry.Json);
        Assert.Equal(grain, (await restarted.ReadClaimAsync(claim))?.Owner);
        Assert.Equal(2, await restarted.WriteAsync(new GrainWrite(grain, 1, "{}", T0) { Events = [new OutboxAppend("Changed", "{}")] }));
        Assert.Equal(["Opened", "Changed"], (await ReadOutboxAsync()).Select(e => e.Kind));
    }

    [StorageFact]
    public async Task ConcurrentInitializationOfFreshDatabaseSucceeds()
    {
        var location = await NewDatabaseAsync();
        var instances = Enumerable.Range(0, 3).Select(_ => Open(location)).ToList();

        await Task.WhenAll(instances.Select(i => Task.Run(() => ((IStorageInitializer)i).InitializeAsync())));

        var grain = NewGrain();
        Assert.Equal(1, await instances[0].WriteAsync(new GrainWrite(grain, 0, "{}", T0)));
        Assert.Equal(2, await instances[1].WriteAsync(new GrainWrite(grain, 1, "{}", T0)));
        Assert.Equal(2, (await instances[2].ReadStateAsync(grain))?.Version);
    }

    [StorageFact]
    public async Task TimestampWithOffsetIsStoredAsTheSameInstantInUtc()
    {
        var grain = NewGrain();
        var claim = NewClaimKey("order-number");
        var local = T0.ToOffset(TimeSpan.FromHours(2));
        var expiresAt = new DateTimeOffset(2100, 1, 1, 5, 30, 0, TimeSpan.FromHours(5.5));

        await Storage.WriteAsync(new GrainWrite(grain, 0, "{}", local)
        {
            Journal = [new JournalAppend("opened", null, "{}")],
            Claims = [new ClaimInsert(claim, "v", expiresAt)],
        });

        var state = (await Storage.ReadStateAsync(grain))!;
        var entry = Assert.Single(await Storage.ReadJournalAsync(grain, new JournalQuery(1)));
        var held = (await Storage.ReadClaimAsync(claim))!;
        Assert.All([state.UpdatedAt, entry.CreatedAt, held.CreatedAt, held.ExpiresAt!.Value], t => Assert.Equal(TimeSpan.Zero, t.Offset));
        Assert.Equal([T0, T0, T0, expiresAt.ToUniversalTime()], new[] { state.UpdatedAt, entry.CreatedAt, held.CreatedAt, held.ExpiresAt.Value });
    }

    [StorageFact]
    public async Task InstancesSharingDatabaseStillHaveExactlyOneWinner()
    {
        var grain = NewGrain();
        await Storage.WriteAsync(new GrainWrite(grain, 0, "{}", T0));
        var other = Open(Location);
        await ((IStorageInitializer)other).InitializeAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await (i % 2 == 0 ? Storage : other).WriteAsync(new GrainWrite(grain, 1, "{}", T0) { Events = [new OutboxAppend($"E{i}", "{}")] });
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
        Assert.Equal(2, (await other.ReadStateAsync(grain))?.Version);
        Assert.Single(await ReadOutboxAsync());
    }
}
