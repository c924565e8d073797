using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using MemberCard.Storage.Orleans.Tests.Streams;
using MemberCard.Storage.State;
using MemberCard.Storage.Streams;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace MemberCard.Storage.Orleans.Tests.State;

/// <summary>
/// One in-process Orleans silo whose grains keep their state in one transactional storage provider, shared by the
/// tests of a class; tests isolate themselves by random grain keys.
/// </summary>
public abstract class StateClusterFixture : IAsyncLifetime
{
    /// <summary>The outbox queues of the test silo.</summary>
    public const int QueueCount = 4;

    private InProcessTestCluster? _cluster;
    private RecordingStorage? _storage;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public RecordingStorage Storage => _storage ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>The silo's own grain factory, as the co-hosted REST front door uses it (its outgoing filters apply).</summary>
    public IGrainFactory Grains => Cluster.GetSiloServiceProvider().GetRequiredService<IGrainFactory>();

    /// <summary>Whether this provider can run here (PostgreSQL needs a server).</summary>
    protected virtual bool Available => true;

    protected abstract Task<IGrainStorage> CreateStorageAsync();

    /// <summary>Registers what the outbox streams read (the provider's database, or the in-memory outbox).</summary>
    protected abstract void AddStreamStore(IServiceCollection services, IGrainStorage storage);

    protected virtual Task DeleteStorageAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        if (!Available) return;
        var storage = _storage = new RecordingStorage(await CreateStorageAsync());
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddAtomicState();
            silo.Services.AddSingleton<IGrainStorage>(storage);
            silo.Services.AddSingleton<IStorageInitializer>(storage);
            AddStreamStore(silo.Services, storage.Inner);
            silo.AddOutboxStreams(o => (o.QueueCount, o.MaxAttempts, o.RetryDelay) = (QueueCount, 3, TimeSpan.FromMilliseconds(10)), stream => stream.ConfigurePullingAgent(agent => agent.Configure(o =>
            {
                o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(50);
                o.MaxEventDeliveryTime = TimeSpan.FromSeconds(2);
            })));
            silo.AddOutboxConsumer(TallyEventsConsumer.GrainTypeName);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_storage?.Inner is IAsyncDisposable disposable) await disposable.DisposeAsync();
        await DeleteStorageAsync();
    }
}

public sealed class InMemoryStateClusterFixture : StateClusterFixture
{
    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(new InMemoryGrainStorage(TimeProvider.System));

    protected override void AddStreamStore(IServiceCollection services, IGrainStorage storage) =>
        services.AddSingleton<IStreamQueueStore>(new InMemoryStreamQueueStore((InMemoryGrainStorage)storage, TimeProvider.System));
}

public sealed class SqliteStateClusterFixture : StateClusterFixture
{
    private readonly string _directory = TestSqlite.CreateDataDirectory();

    protected override Task<IGrainStorage> CreateStorageAsync() =>
        Task.FromResult<IGrainStorage>(new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = _directory }));

    protected override void AddStreamStore(IServiceCollection services, IGrainStorage storage) =>
        services.AddSingleton<IProjectionDatabase>(new SqliteProjectionDatabase((SqliteGrainStorage)storage));

    protected override Task DeleteStorageAsync()
    {
        TestSqlite.DeleteDataDirectory(_directory);
        return Task.CompletedTask;
    }
}

public sealed class PostgresStateClusterFixture : StateClusterFixture
{
    private string? _database;

    protected override bool Available => TestPostgres.SkipReason is null;

    protected override async Task<IGrainStorage> CreateStorageAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        return new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = _database });
    }

    protected override void AddStreamStore(IServiceCollection services, IGrainStorage storage) =>
        services.AddSingleton<IProjectionDatabase>(new PostgresProjectionDatabase(new PostgresStorageOptions { ConnectionString = _database! }));

    protected override Task DeleteStorageAsync() => _database is null ? Task.CompletedTask : TestPostgres.DropDatabaseAsync(_database);
}
