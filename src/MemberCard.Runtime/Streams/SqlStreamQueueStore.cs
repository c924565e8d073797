using System.Data.Common;

namespace MemberCard.Runtime.Streams;

/// <summary>
/// <see cref="IStreamQueueStore"/> on the storage database (SQLite or PostgreSQL; see migrations 0010).
/// On SQLite one writer commits at a time, so outbox ids follow commit order and a queue is read by id.
/// On PostgreSQL ids are taken at INSERT and transactions commit in any order, so a reader tailing by id would skip
/// a row that commits late with a lower id. There every row carries its transaction id (xid8); the reader takes only
/// rows of transactions below the oldest one still running (<c>pg_snapshot_xmin</c>), all of which have ended, and
/// orders and checkpoints by (xid, id).
/// </summary>
public sealed class SqlStreamQueueStore(IProjectionDatabase database) : IStreamQueueStore
{
    // Both reads look at up to @scan rows after the checkpoint in commit order, return the queue's among them (up
    // to @limit, with their payloads) and, as a last row with no grain type, the position of the last row looked at
    // and how many rows were looked at.
    private const string SqliteRead = """
        WITH scanned AS (SELECT id, stream_hash FROM outbox WHERE id > @id ORDER BY id LIMIT @scan),
        mine AS (SELECT id FROM scanned WHERE stream_hash % @count = @queue ORDER BY id LIMIT @limit)
        SELECT 0 AS commit_order, o.id, o.grain_type, o.grain_key, o.version, o.idx, o.kind, o.payload, o.created_at, NULL AS scanned,
            o.trace_parent
        FROM mine m JOIN outbox o ON o.id = m.id
        UNION ALL
        SELECT 0, max(id), NULL, NULL, NULL, NULL, NULL, NULL, NULL, count(*), NULL FROM scanned
        ORDER BY 2, 3 DESC
        """;

    // The table alias matters: a bare "ORDER BY xid" would name the output column (xid as bigint), which no index
    // serves, and every read would scan and sort the whole outbox. Ordered by the columns, it walks outbox_commit_order.
    internal const string PostgresRead = """
        WITH scanned AS MATERIALIZED (
            SELECT o.xid, o.id, o.stream_hash FROM outbox o
            WHERE (o.xid, o.id) > (@order::text::xid8, @id) AND o.xid < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY o.xid, o.id LIMIT @scan),
        mine AS (SELECT s.xid, s.id FROM scanned s WHERE s.stream_hash % @count = @queue ORDER BY s.xid, s.id LIMIT @limit),
        last AS (SELECT s.xid, s.id FROM scanned s ORDER BY s.xid DESC, s.id DESC LIMIT 1)
        SELECT m.xid::text::bigint AS commit_order, o.id, o.grain_type, o.grain_key, o.version, o.idx, o.kind, o.payload::text, o.created_at,
            NULL::bigint AS scanned, o.trace_parent
        FROM mine m JOIN outbox o ON o.id = m.id
        UNION ALL
        SELECT l.xid::text::bigint, l.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, (SELECT count(*) FROM scanned), NULL FROM last l
        ORDER BY 1, 2, 3 NULLS LAST
        """;

    private const string SqliteCount = "SELECT count(*) FROM outbox WHERE id > @id AND stream_hash % @count = @queue";

    // Counts rows of transactions still in flight too: lag is what has not been delivered yet.
    private const string PostgresCount = """
        SELECT count(*) FROM outbox WHERE (xid, id) > (@order::text::xid8, @id) AND stream_hash % @count = @queue
        """;

    private const string DeadLetterColumns =
        "id, consumer, queue, grain_type, grain_key, version, idx, kind, payload, created_at, position_order, position_id, attempts, error, failed_at, replay_requested";

    /// <inheritdoc />
    public async Task<StreamRead> ReadAsync(int queue, int queueCount, StreamPosition after, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, database.Dialect == ProjectionDialect.Postgres ? PostgresRead : SqliteRead,
            ("order", after.CommitOrder), ("id", after.Id), ("count", (long)queueCount), ("queue", (long)queue), ("limit", (long)limit),
            ("scan", (long)limit * queueCount));
        if (database.Dialect == ProjectionDialect.Sqlite) command.Parameters.RemoveAt("@order");
        var events = new List<StreamEvent>();
        var scannedTo = after;
        var scanned = 0L;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.IsDBNull(1)) continue; // nothing looked at (SQLite's max over no rows)
            var position = new StreamPosition(reader.GetInt64(0), reader.GetInt64(1));
            if (reader.IsDBNull(2))
            {
                (scannedTo, scanned) = (position, Convert.ToInt64(reader.GetValue(9), System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }
            events.Add(new StreamEvent(reader.GetString(2), reader.GetString(3), new StreamSequence(reader.GetInt64(4), reader.GetInt32(5)),
                reader.GetString(6), reader.GetString(7), database.ReadTimestamp(reader, 8), position)
            {
                TraceParent = reader.IsDBNull(10) ? null : reader.GetString(10),
            });
        }
        // A full batch may have stopped short of the rows looked at: only up to its last event is known complete.
        if (events.Count == limit) return new StreamRead(events, events[^1].Position, More: true);
        return new StreamRead(events, scannedTo, More: scanned >= (long)limit * queueCount);
    }

    /// <inheritdoc />
    public async Task<long> CountAfterAsync(int queue, int queueCount, StreamPosition after, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, database.Dialect == ProjectionDialect.Postgres ? PostgresCount : SqliteCount,
            ("order", after.CommitOrder), ("id", after.Id), ("count", (long)queueCount), ("queue", (long)queue));
        if (database.Dialect == ProjectionDialect.Sqlite) command.Parameters.RemoveAt("@order");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<QueueRow> ReadQueueAsync(int queue, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = Command(connection,
            "INSERT INTO stream_queues (queue, epoch, checkpoint_order, checkpoint_id) VALUES (@queue, 0, 0, 0) ON CONFLICT (queue) DO NOTHING",
            ("queue", (long)queue)))
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return await ReadRowAsync(connection, queue, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<QueueRow?> TryAcquireAsync(int queue, long expectedEpoch, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection,
            "UPDATE stream_queues SET owner = @owner, epoch = epoch + 1, lease_until = @until WHERE queue = @queue AND epoch = @epoch",
            ("owner", owner), ("until", database.Timestamp(leaseUntil)), ("queue", (long)queue), ("epoch", expectedEpoch));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1) return null;
        return await ReadRowAsync(connection, queue, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> CommitAsync(int queue, string owner, long epoch, StreamPosition checkpoint, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, """
            UPDATE stream_queues SET checkpoint_order = @order, checkpoint_id = @id, lease_until = @until
            WHERE queue = @queue AND owner = @owner AND epoch = @epoch
            """,
            ("order", checkpoint.CommitOrder), ("id", checkpoint.Id), ("until", database.Timestamp(leaseUntil)),
            ("queue", (long)queue), ("owner", owner), ("epoch", epoch));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(int queue, string owner, long epoch, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection,
            "UPDATE stream_queues SET owner = NULL, lease_until = NULL WHERE queue = @queue AND owner = @owner AND epoch = @epoch",
            ("queue", (long)queue), ("owner", owner), ("epoch", epoch));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var e = letter.Event;
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, """
            INSERT INTO stream_dead_letters (consumer, queue, grain_type, grain_key, version, idx, kind, payload, created_at,
                position_order, position_id, attempts, error, failed_at, replay_requested)
            VALUES (@consumer, @queue, @type, @key, @version, @idx, @kind, @payload, @created, @order, @id, @attempts, @error, @failed, @replay)
            ON CONFLICT (consumer, grain_type, grain_key, version, idx) DO NOTHING
            """,
            ("consumer", letter.Consumer), ("queue", (long)letter.Queue), ("type", e.Namespace), ("key", e.Key),
            ("version", e.Sequence.Version), ("idx", (long)e.Sequence.Index), ("kind", e.Kind), ("payload", e.Json),
            ("created", database.Timestamp(e.CreatedAt)), ("order", e.Position.CommitOrder), ("id", e.Position.Id),
            ("attempts", (long)letter.Attempts), ("error", letter.Error), ("failed", database.Timestamp(letter.FailedAt)), ("replay", false));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(
        long afterId, int limit, int? queue = null, bool replayRequestedOnly = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection,
            $"SELECT {DeadLetterColumns} FROM stream_dead_letters WHERE id > @after"
            + (queue is null ? "" : " AND queue = @queue")
            + (replayRequestedOnly ? " AND replay_requested = @replay" : "")
            + " ORDER BY id LIMIT @limit",
            ("after", afterId), ("limit", (long)limit));
        if (queue is { } q) command.Parameters.Add(Parameter(command, "queue", (long)q));
        if (replayRequestedOnly) command.Parameters.Add(Parameter(command, "replay", true));
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var item = new StreamEvent(reader.GetString(3), reader.GetString(4), new StreamSequence(reader.GetInt64(5), reader.GetInt32(6)),
                reader.GetString(7), reader.GetString(8), database.ReadTimestamp(reader, 9), new StreamPosition(reader.GetInt64(10), reader.GetInt64(11)));
            letters.Add(new DeadLetter(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), item, reader.GetInt32(12),
                reader.GetString(13), database.ReadTimestamp(reader, 14), reader.GetBoolean(15)));
        }
        return letters;
    }

    /// <inheritdoc />
    public async Task<bool> RequestReplayAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, """
            UPDATE stream_dead_letters SET replay_requested = @replay
            WHERE (consumer, grain_type, grain_key) = (SELECT consumer, grain_type, grain_key FROM stream_dead_letters WHERE id = @id)
            """,
            ("replay", true), ("id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task DeleteDeadLetterAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "DELETE FROM stream_dead_letters WHERE id = @id", ("id", id));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RecordReplayFailureAsync(long id, string error, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection,
            "UPDATE stream_dead_letters SET attempts = attempts + 1, error = @error, failed_at = @at, replay_requested = @replay WHERE id = @id",
            ("error", error), ("at", database.Timestamp(at)), ("replay", false), ("id", id));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<QueueRow> ReadRowAsync(DbConnection connection, int queue, CancellationToken cancellationToken)
    {
        await using var command = Command(connection,
            "SELECT owner, epoch, lease_until, checkpoint_order, checkpoint_id FROM stream_queues WHERE queue = @queue", ("queue", (long)queue));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) throw new InvalidOperationException($"Stream queue {queue} has no row.");
        return new QueueRow(queue, reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1),
            reader.IsDBNull(2) ? null : database.ReadTimestamp(reader, 2), new StreamPosition(reader.GetInt64(3), reader.GetInt64(4)));
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.Add(Parameter(command, name, value));
        return command;
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        return parameter;
    }
}
