using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using Microsoft.Data.Sqlite;

namespace MemberCard.Runtime.Sqlite;

/// <summary>
/// The one connection that writes. SQLite admits a single writer per file, so every write of the process goes
/// through this connection, one at a time; its statements are prepared once and reused for every write.
/// Not thread-safe: the owner serializes calls.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private const string CreateMigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """;

    // Errors of the database rather than of one write: they fail the whole group.
    private const int SqliteBusy = 5;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertState;
    private readonly SqliteCommand _updateState;
    private readonly SqliteCommand _upsertClaim;
    private readonly SqliteCommand _insertJournal;
    private readonly SqliteCommand _insertOutbox;
    private readonly SqliteCommand _releaseClaim;
    private readonly SqliteCommand _insertLog;

    private SqliteWriter(SqliteConnection connection)
    {
        _connection = connection;
        _insertState = Prepare(
            """
            INSERT INTO grain_state (grain_type, grain_key, version, state, updated_at)
            VALUES ($type, $key, 1, $state, $at)
            ON CONFLICT (grain_type, grain_key) DO NOTHING
            """,
            "$type", "$key", "$state", "$at");
        _updateState = Prepare(
            """
            UPDATE grain_state SET version = version + 1, state = $state, updated_at = $at
            WHERE grain_type = $type AND grain_key = $key AND version = $expected
            """,
            "$type", "$key", "$state", "$at", "$expected");
        // The update runs only when the held claim has expired; a live claim leaves 0 rows changed.
        _upsertClaim = Prepare(
            """
            INSERT INTO claims (scope, claim_key, owner_type, owner_key, value, created_at, expires_at)
            VALUES ($scope, $claim, $type, $key, $value, $at, $expires)
            ON CONFLICT (scope, claim_key) DO UPDATE SET
                owner_type = excluded.owner_type, owner_key = excluded.owner_key, value = excluded.value,
                created_at = excluded.created_at, expires_at = excluded.expires_at
            WHERE claims.expires_at IS NOT NULL AND claims.expires_at <= $now
            """,
            "$scope", "$claim", "$type", "$key", "$value", "$at", "$expires", "$now");
        _insertJournal = Prepare(
            """
            INSERT INTO grain_journal (grain_type, grain_key, version, idx, kind, correlation, payload, created_at)
            VALUES ($type, $key, $version, $idx, $kind, $correlation, $payload, $at)
            """,
            "$type", "$key", "$version", "$idx", "$kind", "$correlation", "$payload", "$at");
        _insertOutbox = Prepare(
            """
            INSERT INTO outbox (grain_type, grain_key, version, idx, kind, payload, created_at, stream_hash, trace_parent)
            VALUES ($type, $key, $version, $idx, $kind, $payload, $at, $hash, $trace)
            """,
            "$type", "$key", "$version", "$idx", "$kind", "$payload", "$at", "$hash", "$trace");
        // Only the holder can give a claim up; releasing what another grain holds changes nothing.
        _releaseClaim = Prepare(
            """
            DELETE FROM claims WHERE scope = $scope AND claim_key = $claim AND owner_type = $type AND owner_key = $key
            """,
            "$scope", "$claim", "$type", "$key");
        _insertLog = Prepare(
            """
            INSERT INTO log_entries (log, grain_type, grain_key, payload, created_at)
            VALUES ($log, $type, $key, $payload, $at)
            """,
            "$log", "$type", "$key", "$payload", "$at");
    }

    /// <summary>Opens the write connection and brings the database file into the expected mode.</summary>
    public static SqliteWriter Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            // busy_timeout first: switching to WAL needs a lock another process may briefly hold.
            // synchronous=FULL syncs the WAL on every commit, so an acknowledged write survives power loss
            // and OS crashes too, which the runtime promises; NORMAL would be faster but only crash-safe
            // for the process, losing the last commits on power loss.
            ExecuteOn(connection, "PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;");
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode = WAL";
                var mode = command.ExecuteScalar() as string;
                // WAL lets readers run beside the writer; without it every read would block writes.
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    throw new InvalidOperationException($"SQLite database '{connection.DataSource}' could not switch to WAL mode (it is in '{mode}' mode).");
            }
            return new SqliteWriter(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Applies the scripts not yet recorded in <c>schema_migrations</c>, each in its own transaction.</summary>
    public void ApplyMigrations(IReadOnlyList<MigrationScript> scripts, DateTimeOffset now)
    {
        foreach (var script in scripts)
        {
            // BEGIN IMMEDIATE takes the file's write lock, so silos sharing the file migrate one at a time
            // and each sees the scripts applied by the others.
            using var transaction = _connection.BeginTransaction(deferred: false);
            ExecuteOn(_connection, CreateMigrationsTable, transaction);
            using var check = _connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = "SELECT count(*) FROM schema_migrations WHERE version = $version";
            check.Parameters.AddWithValue("$version", script.Version);
            if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                ExecuteOn(_connection, script.Sql, transaction);
                using var record = _connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at)";
                record.Parameters.AddWithValue("$version", script.Version);
                record.Parameters.AddWithValue("$name", script.Name);
                record.Parameters.AddWithValue("$at", SqliteTimestamps.ToText(now));
                record.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    /// <summary>
    /// Commits <paramref name="write"/> with <paramref name="claims"/> (already de-duplicated) and returns the new
    /// version; throws the contract exceptions with nothing committed. <paramref name="now"/> decides claim expiry.
    /// </summary>
    public long Write(GrainWrite write, IReadOnlyList<ClaimInsert> claims, DateTimeOffset now)
    {
        // BEGIN IMMEDIATE: the write lock is taken up front, so a write never fails half-way with SQLITE_BUSY
        // when upgrading from a read lock. Disposing without Commit rolls back.
        using var transaction = _connection.BeginTransaction(deferred: false);
        var version = Apply(write, claims, now, transaction);
        transaction.Commit();
        return version;
    }

    /// <summary>
    /// Commits several writes in one transaction (one fsync), each inside its own savepoint: a refused write is
    /// rolled back to its savepoint and reported, the others commit. If the commit itself fails, it throws.
    /// </summary>
    public WriteOutcome[] WriteGroup(IReadOnlyList<GrainWrite> writes, DateTimeOffset now)
    {
        var outcomes = new WriteOutcome[writes.Count];
        using var transaction = _connection.BeginTransaction(deferred: false);
        for (var i = 0; i < writes.Count; i++)
        {
            transaction.Save("w");
            try
            {
                outcomes[i] = WriteOutcome.Committed(Apply(writes[i], ClaimOrder.DistinctSorted(writes[i].Claims), now, transaction));
            }
            catch (Exception e) when (e is GrainRuntimeException or SqliteException { SqliteErrorCode: not (SqliteBusy or SqliteIoError or SqliteFull) })
            {
                // A refusal or a statement this write alone broke (a constraint): undo just this write.
                transaction.Rollback("w");
                outcomes[i] = WriteOutcome.Failed(e);
            }
            transaction.Release("w");
        }
        transaction.Commit();
        return outcomes;
    }

    private long Apply(GrainWrite write, IReadOnlyList<ClaimInsert> claims, DateTimeOffset now, SqliteTransaction transaction)
    {
        var (type, key) = (write.Grain.Type, write.Grain.Key);
        var version = write.ExpectedVersion + 1;
        var at = SqliteTimestamps.ToText(write.Timestamp);

        var stateChanged = write.ExpectedVersion == 0
            ? Execute(_insertState, transaction, type, key, write.StateJson, at)
            : Execute(_updateState, transaction, type, key, write.StateJson, at, write.ExpectedVersion);
        if (stateChanged == 0) throw new InconsistentStateException(write.Grain, write.ExpectedVersion);

        foreach (var released in write.ReleasedClaims) Execute(_releaseClaim, transaction, released.Scope, released.Key, type, key);

        List<ClaimKey>? conflicts = null;
        var nowText = SqliteTimestamps.ToText(now);
        foreach (var claim in claims)
        {
            var expires = claim.ExpiresAt is { } e ? SqliteTimestamps.ToText(e) : null;
            if (Execute(_upsertClaim, transaction, claim.Key.Scope, claim.Key.Key, type, key, claim.Value, at, expires, nowText) == 0)
                (conflicts ??= []).Add(claim.Key);
        }
        if (conflicts is not null) throw new ClaimConflictException(conflicts);

        for (var i = 0; i < write.Journal.Count; i++)
        {
            var entry = write.Journal[i];
            Execute(_insertJournal, transaction, type, key, version, i, entry.Kind, entry.Correlation, entry.Json, at);
        }
        var streamHash = write.Events.Count > 0 ? StreamQueues.HashOf(type, key) : 0;
        for (var i = 0; i < write.Events.Count; i++)
        {
            var item = write.Events[i];
            Execute(_insertOutbox, transaction, type, key, version, i, item.Kind, item.Json, at, streamHash, write.TraceParent);
        }
        foreach (var entry in write.Logs) Execute(_insertLog, transaction, entry.Log, type, key, entry.Json, at);
        return version;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _insertState.Dispose();
        _updateState.Dispose();
        _upsertClaim.Dispose();
        _insertJournal.Dispose();
        _insertOutbox.Dispose();
        _releaseClaim.Dispose();
        _insertLog.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    /// <summary>Runs a prepared command; <paramref name="values"/> follow the order of its parameter names.</summary>
    private static int Execute(SqliteCommand command, SqliteTransaction transaction, params ReadOnlySpan<object?> values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command.ExecuteNonQuery();
    }

    private static void ExecuteOn(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
