using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.GrainDirectory;
using Npgsql;
using static MemberCard.Runtime.Postgres.PostgresParameters;

namespace MemberCard.Runtime.Postgres;

/// <summary>
/// The grain directory in PostgreSQL: the primary key (cluster, grain type, grain key) makes the first
/// registration win; a silo re-registering a grain it already holds takes its own old entry over.
/// </summary>
public sealed class PostgresGrainDirectory(NpgsqlDataSource dataSource, string clusterId, TimeProvider clock) : IGrainDirectory
{
    /// <inheritdoc />
    public async Task<DirectoryEntry> RegisterAsync(GrainId grain, DirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        await using (var insert = dataSource.CreateCommand("""
            INSERT INTO grain_directory (cluster_id, grain_type, grain_key, silo, activation_id, registered_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (cluster_id, grain_type, grain_key) DO UPDATE
                SET activation_id = EXCLUDED.activation_id, registered_at = EXCLUDED.registered_at
                WHERE grain_directory.silo = EXCLUDED.silo
            RETURNING silo, activation_id
            """))
        {
            insert.Parameters.Add(Text(clusterId));
            insert.Parameters.Add(Text(grain.Type));
            insert.Parameters.Add(Text(grain.Key));
            insert.Parameters.Add(Text(entry.Silo.ToString()));
            insert.Parameters.Add(Int64(entry.ActivationId));
            insert.Parameters.Add(Timestamp(clock.GetUtcNow()));
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken)) return entry;
        }
        // Another silo holds it: read the winner. It may have left in between; then try once more.
        return await LookupAsync(grain, cancellationToken) ?? await RegisterAsync(grain, entry, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DirectoryEntry?> LookupAsync(GrainId grain, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT silo, activation_id FROM grain_directory WHERE cluster_id = $1 AND grain_type = $2 AND grain_key = $3");
        command.Parameters.Add(Text(clusterId));
        command.Parameters.Add(Text(grain.Type));
        command.Parameters.Add(Text(grain.Key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new DirectoryEntry(SiloAddress.Parse(reader.GetString(0)), reader.GetInt64(1));
    }

    /// <inheritdoc />
    public async Task UnregisterAsync(GrainId grain, DirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM grain_directory
            WHERE cluster_id = $1 AND grain_type = $2 AND grain_key = $3 AND silo = $4 AND activation_id = $5
            """);
        command.Parameters.Add(Text(clusterId));
        command.Parameters.Add(Text(grain.Type));
        command.Parameters.Add(Text(grain.Key));
        command.Parameters.Add(Text(entry.Silo.ToString()));
        command.Parameters.Add(Int64(entry.ActivationId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> RemoveSiloAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM grain_directory WHERE cluster_id = $1 AND silo = $2");
        command.Parameters.Add(Text(clusterId));
        command.Parameters.Add(Text(silo.ToString()));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
