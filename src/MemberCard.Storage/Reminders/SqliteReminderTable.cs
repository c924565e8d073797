using System.Data.Common;
using System.Globalization;
using MemberCard.Runtime.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Storage.Reminders;

/// <summary>
/// Orleans' reminder table on the embedded SQLite file (table <c>orleans_reminders</c>, SQLite migration 0050), so the
/// single-silo default keeps reminders across restarts. Orleans' reminder service does the rest: which silo owns which
/// ring range, loading, firing, retries.
/// </summary>
public sealed class SqliteReminderTable(SqliteProjectionDatabase database, IOptions<ClusterOptions> cluster) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_time, period_ms, etag";
    private readonly string _serviceId = cluster.Value.ServiceId;

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        QueryAsync($"SELECT {Columns} FROM orleans_reminders WHERE service_id = @service AND grain_id = @grain",
            ("service", _serviceId), ("grain", grainId.ToString()));

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        // Orleans' ring ranges are (begin, end]; begin >= end wraps around zero.
        QueryAsync(begin < end
                ? $"SELECT {Columns} FROM orleans_reminders WHERE service_id = @service AND grain_hash > @begin AND grain_hash <= @end"
                : $"SELECT {Columns} FROM orleans_reminders WHERE service_id = @service AND (grain_hash > @begin OR grain_hash <= @end)",
            ("service", _serviceId), ("begin", (long)begin), ("end", (long)end));

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM orleans_reminders WHERE service_id = @service AND grain_id = @grain AND reminder_name = @name",
            ("service", _serviceId), ("grain", grainId.ToString()), ("name", reminderName));
        return rows.Reminders.FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await database.OpenAsync();
        await using var command = Command(connection, null, """
            INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, etag)
            VALUES (@service, @grain, @name, @start, @period, @hash, 1)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
                start_time = excluded.start_time, period_ms = excluded.period_ms, etag = orleans_reminders.etag + 1
            RETURNING etag
            """,
            ("service", _serviceId), ("grain", entry.GrainId.ToString()), ("name", entry.ReminderName),
            ("start", database.Timestamp(new DateTimeOffset(DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc)))),
            ("period", (long)entry.Period.TotalMilliseconds), ("hash", (long)entry.GrainId.GetUniformHashCode()));
        var etag = (long)(await command.ExecuteScalarAsync())!;
        return etag.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var etag)) return false;
        await using var connection = await database.OpenAsync();
        await using var command = Command(connection, null,
            "DELETE FROM orleans_reminders WHERE service_id = @service AND grain_id = @grain AND reminder_name = @name AND etag = @etag",
            ("service", _serviceId), ("grain", grainId.ToString()), ("name", reminderName), ("etag", etag));
        return await command.ExecuteNonQueryAsync() == 1;
    }

    /// <inheritdoc />
    public async Task TestOnlyClearTable()
    {
        await using var connection = await database.OpenAsync();
        await using var command = Command(connection, null, "DELETE FROM orleans_reminders WHERE service_id = @service", ("service", _serviceId));
        await command.ExecuteNonQueryAsync();
    }

    private async Task<ReminderTableData> QueryAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenAsync();
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync()) entries.Add(Read(reader));
        return new ReminderTableData(entries);
    }

    private ReminderEntry Read(DbDataReader reader) => new()
    {
        GrainId = GrainId.Parse(reader.GetString(0)),
        ReminderName = reader.GetString(1),
        StartAt = database.ReadTimestamp(reader, 2).UtcDateTime,
        Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
        ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
    };
}
