using MemberCard.Runtime.Storage;

namespace MemberCard.Runtime.Sqlite;

public sealed partial class SqliteGrainStorage : IGrainStateScanner
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ScannedState>> ScanStatesAsync(
        string grainType, string? afterKey, string? upToKey, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0) return [];
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Text compares by bytes (BINARY collation), which is the primary key's order, so this is one index range.
        command.CommandText = "SELECT grain_key, state, version FROM grain_state WHERE grain_type = $type"
            + (afterKey is null ? "" : " AND grain_key > $after")
            + (upToKey is null ? "" : " AND grain_key <= $upTo")
            + " ORDER BY grain_key LIMIT $limit";
        command.Parameters.AddWithValue("$type", grainType);
        if (afterKey is not null) command.Parameters.AddWithValue("$after", afterKey);
        if (upToKey is not null) command.Parameters.AddWithValue("$upTo", upToKey);
        command.Parameters.AddWithValue("$limit", limit);
        var states = new List<ScannedState>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) states.Add(new ScannedState(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return states;
    }

    /// <inheritdoc />
    public async Task<long> CountStatesAsync(string grainType, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_state WHERE grain_type = $type";
        command.Parameters.AddWithValue("$type", grainType);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<string?> KeyAtAsync(string grainType, long offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key FROM grain_state WHERE grain_type = $type ORDER BY grain_key LIMIT 1 OFFSET $offset";
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$offset", offset);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
