using System.Globalization;
using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.Membership;
using Npgsql;
using static MemberCard.Runtime.Postgres.PostgresParameters;

namespace MemberCard.Runtime.Postgres;

/// <summary>
/// The membership table in PostgreSQL. A row change and the version bump run in one transaction; either affects
/// no row (someone else moved the version or the row) and the transaction rolls back: the caller lost the race.
/// Tables are created by the storage migrations (0004_cluster.sql).
/// </summary>
public sealed class PostgresMembershipTable(NpgsqlDataSource dataSource, string clusterId, TimeProvider clock) : IMembershipTable
{
    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO cluster_version (cluster_id, version, updated_at) VALUES ($1, 0, $2) ON CONFLICT (cluster_id) DO NOTHING");
        command.Parameters.Add(Text(clusterId));
        command.Parameters.Add(Timestamp(clock.GetUtcNow()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        // One statement, so the version and the rows come from one snapshot.
        await using var command = dataSource.CreateCommand("""
            SELECT v.version, m.silo, m.status, m.suspicions, m.start_time, m.i_am_alive, m.etag
            FROM cluster_version v LEFT JOIN cluster_members m ON m.cluster_id = v.cluster_id
            WHERE v.cluster_id = $1
            """);
        command.Parameters.Add(Text(clusterId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long version = 0;
        var entries = new List<MembershipEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            version = reader.GetInt64(0);
            if (reader.IsDBNull(1)) continue;
            entries.Add(new MembershipEntry(
                SiloAddress.Parse(reader.GetString(1)),
                ParseStatus(reader.GetString(2)),
                ParseVotes(reader.GetString(3)),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetInt64(6)));
        }
        return new MembershipTableData(version, entries);
    }

    /// <inheritdoc />
    public Task<bool> InsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(expectedVersion, new NpgsqlBatchCommand("""
            INSERT INTO cluster_members (cluster_id, silo, status, suspicions, start_time, i_am_alive, etag)
            VALUES ($1, $2, $3, $4, $5, $6, 1) ON CONFLICT DO NOTHING
            """)
        {
            Parameters =
            {
                Text(clusterId), Text(entry.Silo.ToString()), Text(FormatStatus(entry.Status)), Text(FormatVotes(entry.Suspicions)),
                Timestamp(entry.StartTime), Timestamp(entry.IAmAliveTime),
            },
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default) =>
        WriteAsync(expectedVersion, new NpgsqlBatchCommand("""
            UPDATE cluster_members SET status = $3, suspicions = $4, etag = etag + 1
            WHERE cluster_id = $1 AND silo = $2 AND etag = $5
            """)
        {
            Parameters =
            {
                Text(clusterId), Text(entry.Silo.ToString()), Text(FormatStatus(entry.Status)), Text(FormatVotes(entry.Suspicions)),
                Int64(entry.ETag),
            },
        }, cancellationToken);

    /// <inheritdoc />
    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE cluster_members SET i_am_alive = $3 WHERE cluster_id = $1 AND silo = $2");
        command.Parameters.Add(Text(clusterId));
        command.Parameters.Add(Text(entry.Silo.ToString()));
        command.Parameters.Add(Timestamp(entry.IAmAliveTime));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> WriteAsync(long expectedVersion, NpgsqlBatchCommand row, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "UPDATE cluster_version SET version = version + 1, updated_at = $3 WHERE cluster_id = $1 AND version = $2")
        {
            Parameters = { Text(clusterId), Int64(expectedVersion), Timestamp(clock.GetUtcNow()) },
        });
        batch.BatchCommands.Add(row);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (batch.BatchCommands[0].RecordsAffected != 1 || batch.BatchCommands[1].RecordsAffected != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static string FormatStatus(SiloStatus status) => status switch
    {
        SiloStatus.Joining => "joining",
        SiloStatus.Active => "active",
        SiloStatus.ShuttingDown => "shutting_down",
        _ => "dead",
    };

    private static SiloStatus ParseStatus(string text) => text switch
    {
        "joining" => SiloStatus.Joining,
        "active" => SiloStatus.Active,
        "shutting_down" => SiloStatus.ShuttingDown,
        _ => SiloStatus.Dead,
    };

    private static string FormatVotes(IEnumerable<SuspicionVote> votes) =>
        string.Join(';', votes.Select(v => $"{v.Voter}@{v.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}"));

    private static List<SuspicionVote> ParseVotes(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(vote =>
        {
            var at = vote.LastIndexOf('@');
            return new SuspicionVote(SiloAddress.Parse(vote[..at]),
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(vote.AsSpan(at + 1), CultureInfo.InvariantCulture)));
        })];
}
