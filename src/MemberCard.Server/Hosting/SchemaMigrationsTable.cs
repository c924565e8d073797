using System.Reflection;
using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;

namespace MemberCard.Server.Hosting;

/// <summary>What the readiness check asks of the database schema.</summary>
internal interface ISchemaStatus
{
    /// <summary>Versions of the migration scripts this build ships that the database has not recorded as applied.</summary>
    Task<IReadOnlyList<int>> MissingMigrationsAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Compares the scripts the storage provider of this build ships (<c>src/MemberCard.Runtime.*/Migrations/</c>) with
/// the versions its <c>schema_migrations</c> table records: a database restored from an older backup, or replaced
/// under a running silo, has scripts missing although the silo migrated at start.
/// </summary>
internal sealed class SchemaMigrationsTable(IProjectionDatabase database) : ISchemaStatus
{
    private static readonly Lazy<int[]> PostgresScripts = new(() => Shipped(typeof(PostgresGrainStorage).Assembly));
    private static readonly Lazy<int[]> SqliteScripts = new(() => Shipped(typeof(SqliteGrainStorage).Assembly));

    public async Task<IReadOnlyList<int>> MissingMigrationsAsync(CancellationToken cancellationToken)
    {
        var shipped = (database.Dialect == ProjectionDialect.Postgres ? PostgresScripts : SqliteScripts).Value;
        var applied = new HashSet<int>();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) applied.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        return [.. shipped.Where(v => !applied.Contains(v))];
    }

    private static int[] Shipped(Assembly provider) => [.. MigrationScript.LoadEmbedded(provider).Select(s => s.Version)];
}
