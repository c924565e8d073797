using System.Data.Common;
using MemberCard.Runtime.Streams;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Runtime.Reminders;

/// <summary>Reminders in the storage database (table <c>reminders</c>, migrations 0012).</summary>
public sealed class SqlReminderTable(IProjectionDatabase database) : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, first_due, period_ms, next_due, etag";

    /// <inheritdoc />
    public async Task UpsertAsync(GrainId grain, string name, DateTimeOffset firstDue, TimeSpan period, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            INSERT INTO reminders (grain_type, grain_key, name, first_due, period_ms, next_due, etag)
            VALUES (@type, @key, @name, @first, @period, @first, 1)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET
                first_due = excluded.first_due, period_ms = excluded.period_ms, next_due = excluded.next_due, etag = reminders.etag + 1
            """,
            ("type", grain.Type), ("key", grain.Key), ("name", name), ("first", database.Timestamp(firstDue)), ("period", (long)period.TotalMilliseconds));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(GrainId grain, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM reminders WHERE grain_type = @type AND grain_key = @key AND name = @name",
            ("type", grain.Type), ("key", grain.Key), ("name", name));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadAsync(GrainId grain, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM reminders WHERE grain_type = @type AND grain_key = @key AND name = @name",
            ("type", grain.Type), ("key", grain.Key), ("name", name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM reminders WHERE next_due <= @now ORDER BY next_due LIMIT @limit",
            ("now", database.Timestamp(now)), ("limit", (long)limit));
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) entries.Add(Read(reader));
        return entries;
    }

    /// <inheritdoc />
    public async Task<bool> TryAdvanceAsync(ReminderEntry entry, DateTimeOffset nextDue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            UPDATE reminders SET next_due = @next, etag = etag + 1
            WHERE grain_type = @type AND grain_key = @key AND name = @name AND etag = @etag
            """,
            ("next", database.Timestamp(nextDue)), ("type", entry.Grain.Type), ("key", entry.Grain.Key), ("name", entry.Name), ("etag", entry.ETag));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private ReminderEntry Read(DbDataReader reader) => new(
        new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2), database.ReadTimestamp(reader, 3),
        TimeSpan.FromMilliseconds(reader.GetInt64(4)), database.ReadTimestamp(reader, 5), reader.GetInt64(6));
}
