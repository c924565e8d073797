using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;

namespace MemberCard.Benchmarks.Storage;

/// <summary>
/// One card-like write (state, ledger entry, outbox event, claim: one transaction) and one state read, per storage
/// provider, against the in-memory provider as the baseline. SQLite runs as the provider configures it (WAL,
/// synchronous=FULL) on a file in the temp directory; PostgreSQL runs only when a server is configured.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[Config(typeof(StorageBenchmarkConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StorageWriteBenchmarks
{
    private const string Write = "write";
    private const string Read = "read";

    // In-memory storage keeps every ledger row and claim; at millions of writes per run its heap would grow to
    // gigabytes and the GC, not the write, would dominate. Starting over this often keeps it process-sized.
    private const int InMemoryWritesBeforeRestart = 100_000;

    private IGrainStorage _storage = null!;
    private CardWriteStream _stream = null!;
    private string? _sqliteDirectory;
    private int _inMemoryWrites;

    [GlobalSetup(Targets = new[] { nameof(InMemoryWrite), nameof(InMemoryRead) })]
    public Task SetUpInMemoryAsync() => UseAsync(new InMemoryGrainStorage(TimeProvider.System));

    [GlobalSetup(Targets = new[] { nameof(SqliteWrite), nameof(SqliteRead) })]
    public async Task SetUpSqliteAsync()
    {
        _sqliteDirectory = Path.Combine(Path.GetTempPath(), "membercard-bench", Guid.NewGuid().ToString("N"));
        var storage = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = _sqliteDirectory });
        await storage.InitializeAsync();
        await UseAsync(storage);
    }

    [GlobalSetup(Targets = new[] { nameof(PostgresWrite), nameof(PostgresRead) })]
    public async Task SetUpPostgresAsync()
    {
        var connectionString = BenchmarkPostgres.ConnectionString ?? throw new InvalidOperationException(BenchmarkPostgres.MissingReason);
        var storage = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = connectionString });
        await storage.InitializeAsync();
        await UseAsync(storage);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (_storage is IAsyncDisposable disposable) await disposable.DisposeAsync();
        if (_sqliteDirectory is not null) Directory.Delete(_sqliteDirectory, recursive: true);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Write)]
    public Task<long> InMemoryWrite()
    {
        if (++_inMemoryWrites % InMemoryWritesBeforeRestart == 0)
        {
            _storage = new InMemoryGrainStorage(TimeProvider.System);
            _stream = new CardWriteStream(_storage);
        }
        return _stream.WriteNextAsync();
    }

    [Benchmark, BenchmarkCategory(Write)]
    public Task<long> SqliteWrite() => _stream.WriteNextAsync();

    [Benchmark, BenchmarkCategory(Write), NeedsPostgres]
    public Task<long> PostgresWrite() => _stream.WriteNextAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(Read)]
    public Task<StoredState?> InMemoryRead() => _storage.ReadStateAsync(_stream.Grain);

    [Benchmark, BenchmarkCategory(Read)]
    public Task<StoredState?> SqliteRead() => _storage.ReadStateAsync(_stream.Grain);

    [Benchmark, BenchmarkCategory(Read), NeedsPostgres]
    public Task<StoredState?> PostgresRead() => _storage.ReadStateAsync(_stream.Grain);

    // The read benchmarks need a stored state to find; the write benchmarks simply continue from version 1.
    private async Task UseAsync(IGrainStorage storage)
    {
        Console.WriteLine($"// Card write payloads: {CardWriteStream.PayloadSizes}");
        _storage = storage;
        _stream = new CardWriteStream(storage);
        await _stream.WriteNextAsync();
    }
}
