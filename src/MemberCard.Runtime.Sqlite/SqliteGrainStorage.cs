using MemberCard.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace MemberCard.Runtime.Sqlite;

/// <summary>
/// The embedded default grain storage: one SQLite file in WAL mode. Writes are serialized inside the process
/// (SQLite admits one writer) and go through a single long-lived connection; reads run concurrently on pooled
/// read-only connections and never wait for a write. Call <see cref="InitializeAsync"/> before the first write.
/// </summary>
public sealed partial class SqliteGrainStorage : IGrainStorage, IStorageInitializer, IAsyncDisposable
{
    private static readonly IReadOnlyList<MigrationScript> Migrations = MigrationScript.LoadEmbedded(typeof(SqliteGrainStorage).Assembly);

    private static readonly string[] JournalQueries =
        [BuildJournalSql(false, false), BuildJournalSql(true, false), BuildJournalSql(false, true), BuildJournalSql(true, true)];

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly string _databasePath;
    private readonly TimeProvider _timeProvider;
    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;
    private SqliteWriter? _writer;
    private bool _disposed;

    /// <summary>Creates the storage; no file is touched until <see cref="InitializeAsync"/>.</summary>
    /// <param name="options">Where the database file lives.</param>
    /// <param name="timeProvider">Clock deciding claim expiry; <see cref="TimeProvider.System"/> when null.</param>
    public SqliteGrainStorage(SqliteStorageOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        // Resolved once, so a later change of working directory cannot move the database.
        _databasePath = options.FullPath;
        // The writer lives as long as the storage, so pooling it would only keep the file open after disposal.
        _writeConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false,
        }.ToString();
        // Read-only connections cannot take the write lock, so a read can never delay or break a write.
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = true,
        }.ToString();
    }

    /// <summary>Absolute path of the database file.</summary>
    public string DatabasePath => _databasePath;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
                _writer = SqliteWriter.Open(_writeConnectionString);
            }
            _writer.ApplyMigrations(Migrations, _timeProvider.GetUtcNow());
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<StoredState?> ReadStateAsync(GrainId grain, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, state, updated_at FROM grain_state WHERE grain_type = $type AND grain_key = $key";
        command.Parameters.AddWithValue("$type", grain.Type);
        command.Parameters.AddWithValue("$key", grain.Key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StoredState(reader.GetString(1), reader.GetInt64(0), SqliteTimestamps.FromText(reader.GetString(2)));
    }

    /// <inheritdoc />
    public async Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var claims = ClaimOrder.DistinctSorted(write.Claims);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var writer = _writer ?? throw new InvalidOperationException("SQLite grain storage is not initialized: call InitializeAsync first.");
            cancellationToken.ThrowIfCancellationRequested();
            return writer.Write(write, claims, _timeProvider.GetUtcNow());
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WriteOutcome>> WriteGroupAsync(IReadOnlyList<GrainWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var writer = _writer ?? throw new InvalidOperationException("SQLite grain storage is not initialized: call InitializeAsync first.");
            return writer.WriteGroup(writes, _timeProvider.GetUtcNow());
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(GrainId grain, JournalQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0) return [];
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = JournalSql(query.Before is not null, query.Correlation is not null);
        command.Parameters.AddWithValue("$type", grain.Type);
        command.Parameters.AddWithValue("$key", grain.Key);
        command.Parameters.AddWithValue("$limit", query.Limit);
        if (query.Before is { } before)
        {
            command.Parameters.AddWithValue("$beforeVersion", before.Version);
            command.Parameters.AddWithValue("$beforeIdx", before.Index);
        }
        if (query.Correlation is not null) command.Parameters.AddWithValue("$correlation", query.Correlation);

        var entries = new List<JournalEntry>(Math.Min(query.Limit, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new JournalEntry(
                grain, reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
                SqliteTimestamps.FromText(reader.GetString(5))));
        }
        return entries;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogEntry>> ReadLogAsync(string log, LogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0) return [];
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, grain_type, grain_key, payload, created_at FROM log_entries WHERE log = $log"
            + (query.Before is null ? "" : " AND id < $before") + " ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$log", log);
        command.Parameters.AddWithValue("$limit", query.Limit);
        if (query.Before is { } before) command.Parameters.AddWithValue("$before", before);
        var entries = new List<LogEntry>(Math.Min(query.Limit, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new LogEntry(reader.GetInt64(0), log, new GrainId(reader.GetString(1), reader.GetString(2)),
                reader.GetString(3), SqliteTimestamps.FromText(reader.GetString(4))));
        }
        return entries;
    }

    /// <inheritdoc />
    public async Task<StoredClaim?> ReadClaimAsync(ClaimKey key, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT owner_type, owner_key, value, created_at, expires_at FROM claims
            WHERE scope = $scope AND claim_key = $claim AND (expires_at IS NULL OR expires_at > $now)
            """;
        command.Parameters.AddWithValue("$scope", key.Scope);
        command.Parameters.AddWithValue("$claim", key.Key);
        command.Parameters.AddWithValue("$now", SqliteTimestamps.ToText(_timeProvider.GetUtcNow()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StoredClaim(
            key, new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2),
            SqliteTimestamps.FromText(reader.GetString(3)),
            reader.IsDBNull(4) ? null : SqliteTimestamps.FromText(reader.GetString(4)));
    }

    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        // Touches the schema, so an uninitialized or unreadable file fails the readiness check.
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM schema_migrations LIMIT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Closes the write connection and the idle read connections of this file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_disposed) return;
            _disposed = true;
            _writer?.Dispose();
            _writer = null;
            // Pooled read connections would otherwise keep the file open after the storage is gone.
            using var connection = new SqliteConnection(_readConnectionString);
            SqliteConnection.ClearPool(connection);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static string JournalSql(bool before, bool correlation) => JournalQueries[(before ? 1 : 0) + (correlation ? 2 : 0)];

    // Fixed texts per filter combination rather than "$x IS NULL OR ..." so SQLite can use the primary key
    // (and the partial correlation index) for the range and the order. The row comparison means
    // version < v OR (version = v AND idx < i), in a form SQLite turns into one index range.
    private static string BuildJournalSql(bool before, bool correlation) =>
        "SELECT version, idx, kind, correlation, payload, created_at FROM grain_journal"
        + " WHERE grain_type = $type AND grain_key = $key"
        + (before ? " AND (version, idx) < ($beforeVersion, $beforeIdx)" : "")
        + (correlation ? " AND correlation = $correlation" : "")
        + " ORDER BY version DESC, idx DESC LIMIT $limit";
}
