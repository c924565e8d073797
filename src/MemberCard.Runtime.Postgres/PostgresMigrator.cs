using MemberCard.Runtime.Storage;
using Npgsql;
using static MemberCard.Runtime.Postgres.PostgresParameters;

namespace MemberCard.Runtime.Postgres;

/// <summary>
/// Applies the embedded schema scripts not yet recorded in <c>schema_migrations</c>, each in its own transaction
/// together with its record. Silos starting at once queue on a transaction-scoped advisory lock, so exactly one
/// applies each script and the others see it recorded.
/// </summary>
internal static class PostgresMigrator
{
    // Any constant works as long as every silo uses the same one; this one spells "MCSCHEMA".
    private const long MigrationLockKey = 0x4D43_5343_4845_4D41;

    private const string CreateMigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL
        )
        """;

    public static async Task ApplyAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<MigrationScript> scripts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var script in scripts)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var prelude = new NpgsqlBatch(connection, transaction))
            {
                prelude.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)")
                {
                    Parameters = { Int64(MigrationLockKey) },
                });
                prelude.BatchCommands.Add(new NpgsqlBatchCommand(CreateMigrationsTable));
                await prelude.ExecuteNonQueryAsync(cancellationToken);
            }
            bool applied;
            await using (var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)", connection, transaction))
            {
                check.Parameters.Add(Int32(script.Version));
                applied = (bool)(await check.ExecuteScalarAsync(cancellationToken))!;
            }
            if (applied)
            {
                await transaction.CommitAsync(cancellationToken);
                continue;
            }

            await using (var apply = new NpgsqlCommand(script.Sql, connection, transaction))
                await apply.ExecuteNonQueryAsync(cancellationToken);
            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", connection, transaction))
            {
                record.Parameters.Add(Int32(script.Version));
                record.Parameters.Add(Text(script.Name));
                record.Parameters.Add(Timestamp(now));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
