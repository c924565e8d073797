using MemberCard.Runtime.Storage;
using static MemberCard.Runtime.Postgres.PostgresParameters;

namespace MemberCard.Runtime.Postgres;

public sealed partial class PostgresGrainStorage : IGrainStateScanner
{
    /// <inheritdoc />
    /// <remarks>Keys compare in the column's collation, the primary key's order, so each page is one index range;
    /// callers only rely on the order being stable, not on it being ordinal.</remarks>
    public async Task<IReadOnlyList<ScannedState>> ScanStatesAsync(
        string grainType, string? afterKey, string? upToKey, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0) return [];
        await using var command = _dataSource.CreateCommand(
            "SELECT grain_key, state::text, version FROM grain_state WHERE grain_type = $1"
            + (afterKey is null ? "" : " AND grain_key > $3")
            + (upToKey is null ? "" : afterKey is null ? " AND grain_key <= $3" : " AND grain_key <= $4")
            + " ORDER BY grain_key LIMIT $2");
        command.Parameters.Add(Text(grainType));
        command.Parameters.Add(Int32(limit));
        if (afterKey is not null) command.Parameters.Add(Text(afterKey));
        if (upToKey is not null) command.Parameters.Add(Text(upToKey));
        var states = new List<ScannedState>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) states.Add(new ScannedState(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return states;
    }

    /// <inheritdoc />
    public async Task<long> CountStatesAsync(string grainType, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM grain_state WHERE grain_type = $1");
        command.Parameters.Add(Text(grainType));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc />
    public async Task<string?> KeyAtAsync(string grainType, long offset, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT grain_key FROM grain_state WHERE grain_type = $1 ORDER BY grain_key LIMIT 1 OFFSET $2");
        command.Parameters.Add(Text(grainType));
        command.Parameters.Add(Int64(offset));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
