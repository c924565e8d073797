using System.Data.Common;
using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using MemberCard.Server.Hosting;
using MemberCard.Testing;

namespace MemberCard.Deploy.Tests;

/// <summary>SchemaMigrationsTable against each real provider: what the storage recorded against what this build ships.</summary>
public sealed class SchemaMigrationsTableTests
{
    [Fact]
    public async Task OnSqliteNothingIsMissingAfterTheMigrationAndADeletedRecordIsMissing()
    {
        var directory = TestSqlite.CreateDataDirectory();
        try
        {
            await using var storage = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = directory });
            await CheckAsync(storage, new SqliteProjectionDatabase(storage), typeof(SqliteGrainStorage));
        }
        finally
        {
            TestSqlite.DeleteDataDirectory(directory);
        }
    }

    [PostgresFact]
    public async Task OnPostgresNothingIsMissingAfterTheMigrationAndADeletedRecordIsMissing()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var options = new PostgresStorageOptions { ConnectionString = connectionString };
            await using var storage = new PostgresGrainStorage(options);
            await using var database = new PostgresProjectionDatabase(options);
            await CheckAsync(storage, database, typeof(PostgresGrainStorage));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task CheckAsync(IStorageInitializer storage, IProjectionDatabase database, Type provider)
    {
        var schema = new SchemaMigrationsTable(database);
        // Before the first start there is no table at all: the check cannot read it (the readiness check says so).
        await Assert.ThrowsAnyAsync<DbException>(() => schema.MissingMigrationsAsync(CancellationToken.None));

        await storage.InitializeAsync();
        Assert.Empty(await schema.MissingMigrationsAsync(CancellationToken.None));

        var shipped = MigrationScript.LoadEmbedded(provider.Assembly).Select(s => s.Version).ToList();
        Assert.True(shipped.Count > 5);
        await using (var connection = await database.OpenAsync())
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = $"DELETE FROM schema_migrations WHERE version IN ({shipped[0]}, {shipped[^1]})";
            Assert.Equal(2, await delete.ExecuteNonQueryAsync());
        }
        Assert.Equal([shipped[0], shipped[^1]], await schema.MissingMigrationsAsync(CancellationToken.None));
    }
}
