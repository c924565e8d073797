using MemberCard.Runtime.Storage;
using Npgsql;
using static MemberCard.Runtime.Postgres.PostgresParameters;

namespace MemberCard.Runtime.Postgres;

/// <summary>
/// Grain storage in PostgreSQL, for clusters of silos. A write costs two round trips: one batch holding every
/// statement of the write (state compare-and-swap, claims, journal, outbox), then COMMIT or ROLLBACK after
/// checking each statement's row count. Call <see cref="InitializeAsync"/> before use.
/// </summary>
public sealed partial class PostgresGrainStorage : IGrainStorage, IStorageInitializer, IAsyncDisposable
{
    private static readonly IReadOnlyList<MigrationScript> Migrations = MigrationScript.LoadEmbedded(typeof(PostgresGrainStorage).Assembly);

    private static readonly string[] JournalQueries =
        [BuildJournalSql(false, false), BuildJournalSql(true, false), BuildJournalSql(false, true), BuildJournalSql(true, true)];

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private int _disposed;

    /// <summary>Creates the storage and its connection pool; no connection is opened yet.</summary>
    /// <param name="options">The connection string.</param>
    /// <param name="timeProvider">Clock deciding claim expiry; <see cref="TimeProvider.System"/> when null.</param>
    public PostgresGrainStorage(PostgresStorageOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("PostgreSQL grain storage needs a connection string.", nameof(options));
        _dataSource = PostgresDataSources.Create(options.ConnectionString);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        PostgresMigrator.ApplyAsync(_dataSource, Migrations, _timeProvider.GetUtcNow(), cancellationToken);

    /// <inheritdoc />
    public async Task<StoredState?> ReadStateAsync(GrainId grain, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT version, state, updated_at FROM grain_state WHERE grain_type = $1 AND grain_key = $2");
        command.Parameters.Add(Text(grain.Type));
        command.Parameters.Add(Text(grain.Key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StoredState(reader.GetString(1), reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(2));
    }

    /// <inheritdoc />
    public async Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var claims = ClaimOrder.DistinctSorted(write.Claims);
        var now = _timeProvider.GetUtcNow();

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // Npgsql sends BEGIN along with the batch, so it costs no round trip of its own.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var statements = new PostgresWriteBatch(batch, write, claims, now);
        Exception? refusal;
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            refusal = await statements.RefusalAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            refusal = statements.RefusalFor(e);
        }
        if (refusal is not null)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw refusal;
        }
        // Not cancellable: abandoning a COMMIT in flight would leave the caller unsure whether it applied.
        await transaction.CommitAsync(CancellationToken.None);
        return write.ExpectedVersion + 1;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Every statement of every write goes in one batch (one round trip), then one COMMIT. When any write is
    /// refused or the batch fails (a unique violation, a deadlock with another group), the whole group is rolled
    /// back and each write is retried alone, so every write gets the outcome it would have had alone.
    /// </remarks>
    public async Task<IReadOnlyList<WriteOutcome>> WriteGroupAsync(IReadOnlyList<GrainWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var now = _timeProvider.GetUtcNow();
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction);
            var statements = writes.Select(w => new PostgresWriteBatch(batch, w, ClaimOrder.DistinctSorted(w.Claims), now)).ToList();
            var allApplied = false;
            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
                allApplied = statements.All(s => s.Refusal() is null);
            }
            catch (PostgresException)
            {
                // Some write broke the batch; which one is found by writing them alone below.
            }
            if (allApplied)
            {
                await transaction.CommitAsync(CancellationToken.None);
                return [.. writes.Select(w => WriteOutcome.Committed(w.ExpectedVersion + 1))];
            }
            await transaction.RollbackAsync(CancellationToken.None);
        }
        return await Task.WhenAll(writes.Select(w => WriteOutcome.OfAsync(() => WriteAsync(w, cancellationToken))));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(GrainId grain, JournalQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0) return [];
        var before = query.Before is not null;
        var correlation = query.Correlation is not null;
        await using var command = _dataSource.CreateCommand(JournalQueries[(before ? 1 : 0) + (correlation ? 2 : 0)]);
        command.Parameters.Add(Text(grain.Type));
        command.Parameters.Add(Text(grain.Key));
        command.Parameters.Add(Int32(query.Limit));
        if (query.Before is { } position)
        {
            command.Parameters.Add(Int64(position.Version));
            command.Parameters.Add(Int32(position.Index));
        }
        if (query.Correlation is not null) command.Parameters.Add(Text(query.Correlation));

        var entries = new List<JournalEntry>(Math.Min(query.Limit, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new JournalEntry(
                grain, reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return entries;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogEntry>> ReadLogAsync(string log, LogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0) return [];
        await using var command = _dataSource.CreateCommand(
            "SELECT id, grain_type, grain_key, payload, created_at FROM log_entries WHERE log = $1"
            + (query.Before is null ? "" : " AND id < $3") + " ORDER BY id DESC LIMIT $2");
        command.Parameters.Add(Text(log));
        command.Parameters.Add(Int32(query.Limit));
        if (query.Before is { } before) command.Parameters.Add(Int64(before));
        var entries = new List<LogEntry>(Math.Min(query.Limit, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new LogEntry(reader.GetInt64(0), log, new GrainId(reader.GetString(1), reader.GetString(2)),
                reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return entries;
    }

    /// <inheritdoc />
    public async Task<StoredClaim?> ReadClaimAsync(ClaimKey key, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT owner_type, owner_key, value, created_at, expires_at FROM claims
            WHERE scope = $1 AND claim_key = $2 AND (expires_at IS NULL OR expires_at > $3)
            """);
        command.Parameters.Add(Text(key.Scope));
        command.Parameters.Add(Text(key.Key));
        command.Parameters.Add(Timestamp(_timeProvider.GetUtcNow()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StoredClaim(
            key, new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
    }

    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Closes the pooled connections.</summary>
    public async ValueTask DisposeAsync()
    {
        // The container may dispose the instance once per service it was registered as.
        if (Interlocked.Exchange(ref _disposed, 1) == 0) await _dataSource.DisposeAsync();
    }

    // Fixed texts per filter combination rather than "$n IS NULL OR ..." so the planner can walk the primary key
    // (or the partial correlation index) for the range and the order. The row comparison means
    // version < v OR (version = v AND idx < i), in a form PostgreSQL turns into one index range.
    // Parameters: $1 type, $2 key, $3 limit, then the cursor ($4 version, $5 index) when given, then the correlation.
    private static string BuildJournalSql(bool before, bool correlation) =>
        "SELECT version, idx, kind, correlation, payload, created_at FROM grain_journal"
        + " WHERE grain_type = $1 AND grain_key = $2"
        + (before ? " AND (version, idx) < ($4, $5)" : "")
        + (correlation ? $" AND correlation = ${(before ? 6 : 4)}" : "")
        + " ORDER BY version DESC, idx DESC LIMIT $3";
}
