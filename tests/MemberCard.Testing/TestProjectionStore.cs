using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;

namespace MemberCard.Testing;

/// <summary>The SQL providers a contract test class can run on.</summary>
public enum TestProvider
{
    /// <summary>A SQLite file in a fresh temporary folder.</summary>
    Sqlite,

    /// <summary>A fresh database on the test PostgreSQL server.</summary>
    Postgres,
}

/// <summary>
/// A fresh, migrated database of one provider with its grain storage and its projection database (what stream
/// stores and consumers' read models use); disposing closes both and deletes the database.
/// </summary>
public sealed class TestProjectionStore : IAsyncDisposable
{
    private TestProjectionStore(TestProvider provider, string location, IGrainStorage storage, IProjectionDatabase database) =>
        (Provider, Location, Storage, Database) = (provider, location, storage, database);

    /// <summary>Which provider.</summary>
    public TestProvider Provider { get; }

    /// <summary>The SQLite data folder or the PostgreSQL connection string.</summary>
    public string Location { get; }

    /// <summary>The grain storage on the database.</summary>
    public IGrainStorage Storage { get; }

    /// <summary>The projection database on the same database.</summary>
    public IProjectionDatabase Database { get; }

    /// <summary>Creates the database, opens both and applies the migrations.</summary>
    public static async Task<TestProjectionStore> CreateAsync(TestProvider provider)
    {
        TestProjectionStore store;
        if (provider == TestProvider.Sqlite)
        {
            var folder = TestSqlite.CreateDataDirectory();
            var storage = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = folder });
            store = new TestProjectionStore(provider, folder, storage, new SqliteProjectionDatabase(storage));
        }
        else
        {
            var options = new PostgresStorageOptions { ConnectionString = await TestPostgres.CreateDatabaseAsync() };
            store = new TestProjectionStore(provider, options.ConnectionString, new PostgresGrainStorage(options), new PostgresProjectionDatabase(options));
        }
        await ((IStorageInitializer)store.Storage).InitializeAsync();
        return store;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Database is IAsyncDisposable d) await d.DisposeAsync();
        if (Storage is IAsyncDisposable s) await s.DisposeAsync();
        if (Provider == TestProvider.Sqlite) TestSqlite.DeleteDataDirectory(Location);
        else await TestPostgres.DropDatabaseAsync(Location);
    }
}
