using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using Npgsql;
using static MemberCard.Runtime.Postgres.PostgresParameters;

namespace MemberCard.Runtime.Postgres;

/// <summary>
/// Every statement of one grain write, added to an <see cref="NpgsqlBatch"/> (alone, or with the writes of a
/// group): the state compare-and-swap first, then claim releases, the claims, the journal, the outbox and the logs. Each statement reports
/// through its row count whether it did its part, so one round trip tells whether the write may commit.
/// </summary>
internal sealed class PostgresWriteBatch
{
    private const string InsertState = """
        INSERT INTO grain_state (grain_type, grain_key, version, state, updated_at)
        VALUES ($1, $2, 1, $3, $4)
        ON CONFLICT (grain_type, grain_key) DO NOTHING
        """;

    private const string UpdateState = """
        UPDATE grain_state SET version = version + 1, state = $3, updated_at = $4
        WHERE grain_type = $1 AND grain_key = $2 AND version = $5
        """;

    // All of a write's claims in one statement, in lock order (the list comes sorted). The update runs only when
    // the held claim has expired; a live claim is left alone, so the row count falls short of the claims asked for.
    private const string UpsertClaims = """
        INSERT INTO claims (scope, claim_key, owner_type, owner_key, value, created_at, expires_at)
        SELECT c.scope, c.claim_key, $1, $2, c.value, $3, c.expires_at
        FROM unnest($4::text[], $5::text[], $6::text[], $7::timestamptz[]) WITH ORDINALITY AS c(scope, claim_key, value, expires_at, n)
        ORDER BY c.n
        ON CONFLICT (scope, claim_key) DO UPDATE SET
            owner_type = EXCLUDED.owner_type, owner_key = EXCLUDED.owner_key, value = EXCLUDED.value,
            created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
        WHERE claims.expires_at IS NOT NULL AND claims.expires_at <= $8
        """;

    // After a short claim count, inside the same transaction: the asked-for keys held by rows this transaction did
    // not write (its own inserts carry its transaction id in xmin) are the ones that were held.
    private const string HeldClaims = """
        SELECT c.scope, c.claim_key FROM claims c
        JOIN unnest($1::text[], $2::text[]) AS k(scope, claim_key) ON c.scope = k.scope AND c.claim_key = k.claim_key
        WHERE c.xmin <> pg_current_xact_id()::xid
        """;

    // One statement whatever the number of entries (arrays, not one parameter per value, so the 65535
    // parameter limit never applies). DO NOTHING: when the state statement lost a race, rows of the winner
    // already sit at this version; the row count then falls short and the write is rolled back, instead of the
    // batch aborting on a unique violation.
    private const string InsertJournal = """
        INSERT INTO grain_journal (grain_type, grain_key, version, idx, kind, correlation, payload, created_at)
        SELECT $1, $2, $3, e.idx, e.kind, e.correlation, e.payload::jsonb, $4
        FROM unnest($5::integer[], $6::text[], $7::text[], $8::text[]) AS e(idx, kind, correlation, payload)
        ON CONFLICT DO NOTHING
        """;

    // Ordered so the outbox ids of one write follow the event order.
    private const string InsertOutbox = """
        INSERT INTO outbox (grain_type, grain_key, version, idx, kind, payload, created_at, stream_hash, trace_parent)
        SELECT $1, $2, $3, e.idx, e.kind, e.payload::jsonb, $4, $8, $9
        FROM unnest($5::integer[], $6::text[], $7::text[]) AS e(idx, kind, payload)
        ORDER BY e.idx
        ON CONFLICT DO NOTHING
        """;

    // Only the holder can give a claim up; releasing what another grain holds changes nothing.
    private const string ReleaseClaim = """
        DELETE FROM claims WHERE scope = $1 AND claim_key = $2 AND owner_type = $3 AND owner_key = $4
        """;

    // WITH ORDINALITY keeps the ids of one write in append order.
    private const string InsertLog = """
        INSERT INTO log_entries (log, grain_type, grain_key, payload, created_at)
        SELECT e.log, $1, $2, e.payload::jsonb, $3
        FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS e(log, payload, n)
        ORDER BY e.n
        """;

    private readonly NpgsqlBatch _batch;
    private readonly GrainWrite _write;
    private readonly IReadOnlyList<ClaimInsert> _claims;
    private readonly int _stateIndex;
    private readonly int _claimIndex = -1;
    private readonly int _journalIndex = -1;
    private readonly int _outboxIndex = -1;

    /// <summary>Adds the write's statements to <paramref name="batch"/>; <paramref name="claims"/> are de-duplicated and in lock order.</summary>
    public PostgresWriteBatch(NpgsqlBatch batch, GrainWrite write, IReadOnlyList<ClaimInsert> claims, DateTimeOffset now)
    {
        _batch = batch;
        _stateIndex = batch.BatchCommands.Count;
        _write = write;
        _claims = claims;
        var (type, key) = (write.Grain.Type, write.Grain.Key);
        var version = write.ExpectedVersion + 1;

        var state = new NpgsqlBatchCommand(write.ExpectedVersion == 0 ? InsertState : UpdateState)
        {
            Parameters = { Text(type), Text(key), Jsonb(write.StateJson), Timestamp(write.Timestamp) },
        };
        if (write.ExpectedVersion != 0) state.Parameters.Add(Int64(write.ExpectedVersion));
        _batch.BatchCommands.Add(state);

        // Releases run before the claims, so a write may hand a claim back and another write of the group take it.
        foreach (var released in write.ReleasedClaims)
        {
            _batch.BatchCommands.Add(new NpgsqlBatchCommand(ReleaseClaim)
            {
                Parameters = { Text(released.Scope), Text(released.Key), Text(type), Text(key) },
            });
        }

        if (claims.Count > 0)
        {
            _claimIndex = batch.BatchCommands.Count;
            _batch.BatchCommands.Add(new NpgsqlBatchCommand(UpsertClaims)
            {
                Parameters =
                {
                    Text(type), Text(key), Timestamp(write.Timestamp),
                    TextArray(claims.Select(c => c.Key.Scope)),
                    TextArray(claims.Select(c => c.Key.Key)),
                    TextArray(claims.Select(c => c.Value)),
                    TimestampArray(claims.Select(c => c.ExpiresAt)),
                    Timestamp(now),
                },
            });
        }

        if (write.Journal.Count > 0)
        {
            _journalIndex = _batch.BatchCommands.Count;
            _batch.BatchCommands.Add(new NpgsqlBatchCommand(InsertJournal)
            {
                Parameters =
                {
                    Text(type), Text(key), Int64(version), Timestamp(write.Timestamp),
                    Int32Array([.. Enumerable.Range(0, write.Journal.Count)]),
                    TextArray(write.Journal.Select(e => e.Kind)),
                    TextArray(write.Journal.Select(e => e.Correlation)),
                    TextArray(write.Journal.Select(e => e.Json)),
                },
            });
        }

        if (write.Events.Count > 0)
        {
            _outboxIndex = _batch.BatchCommands.Count;
            _batch.BatchCommands.Add(new NpgsqlBatchCommand(InsertOutbox)
            {
                Parameters =
                {
                    Text(type), Text(key), Int64(version), Timestamp(write.Timestamp),
                    Int32Array([.. Enumerable.Range(0, write.Events.Count)]),
                    TextArray(write.Events.Select(e => e.Kind)),
                    TextArray(write.Events.Select(e => e.Json)),
                    Int64(StreamQueues.HashOf(type, key)),
                    new NpgsqlParameter { Value = (object?)write.TraceParent ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                },
            });
        }

        if (write.Logs.Count > 0)
        {
            _batch.BatchCommands.Add(new NpgsqlBatchCommand(InsertLog)
            {
                Parameters =
                {
                    Text(type), Text(key), Timestamp(write.Timestamp),
                    TextArray(write.Logs.Select(e => e.Log)),
                    TextArray(write.Logs.Select(e => e.Json)),
                },
            });
        }
    }

    /// <summary>
    /// The exception refusing the executed write, or null when every statement did its part. Naming the held claims
    /// takes one more query in the still-open transaction, so it runs only when a claim was refused.
    /// </summary>
    public async Task<Exception?> RefusalAsync(CancellationToken cancellationToken)
    {
        var refusal = Refusal();
        return refusal is ClaimConflictException ? new ClaimConflictException(await HeldClaimsAsync(cancellationToken)) : refusal;
    }

    /// <summary>Whether every statement did its part, without naming what was refused (a group only needs to know).</summary>
    public Exception? Refusal()
    {
        // A version mismatch wins over claim conflicts: a stale activation must learn it is stale first.
        if (_batch.BatchCommands[_stateIndex].RecordsAffected == 0) return Stale();
        if (_claimIndex >= 0 && _batch.BatchCommands[_claimIndex].RecordsAffected < _claims.Count)
            return new ClaimConflictException([.. _claims.Select(c => c.Key)]);
        // Journal or outbox rows already at the new version mean another writer got there; never merge with them.
        if ((_journalIndex >= 0 && _batch.BatchCommands[_journalIndex].RecordsAffected != _write.Journal.Count)
            || (_outboxIndex >= 0 && _batch.BatchCommands[_outboxIndex].RecordsAffected != _write.Events.Count))
            return Stale();
        return null;
    }

    private async Task<IReadOnlyList<ClaimKey>> HeldClaimsAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(HeldClaims, _batch.Connection, _batch.Transaction)
        {
            Parameters = { TextArray(_claims.Select(c => c.Key.Scope)), TextArray(_claims.Select(c => c.Key.Key)) },
        };
        var held = new List<ClaimKey>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) held.Add(new ClaimKey(reader.GetString(0), reader.GetString(1)));
        }
        // A holder that let go between the two statements leaves nothing to name; the write was refused all the same.
        return held.Count > 0 ? held : [.. _claims.Select(c => c.Key)];
    }

    /// <summary>
    /// The refusal for a unique violation. The statements leave none in reach (they all handle their conflicts),
    /// so this is a backstop: a race they did not foresee still surfaces as a refused write, never as a database
    /// error. A claim violation cannot say which key, so it names every claim of the write.
    /// </summary>
    public Exception RefusalFor(PostgresException uniqueViolation) =>
        uniqueViolation.TableName == "claims" ? new ClaimConflictException([.. _claims.Select(c => c.Key)]) : Stale();

    private InconsistentStateException Stale() => new(_write.Grain, _write.ExpectedVersion);
}
