namespace MemberCard.Runtime.Storage;

/// <summary>
/// Storage held in process memory, with the same semantics as the database providers.
/// For unit tests and experiments; everything is lost when the process ends.
/// </summary>
public sealed partial class InMemoryGrainStorage(TimeProvider timeProvider) : IGrainStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, StoredState> _states = [];
    private readonly List<JournalEntry> _journal = [];
    private readonly Dictionary<ClaimKey, StoredClaim> _claims = [];
    private readonly List<(GrainId Grain, long Version, int Index, OutboxAppend Event)> _outbox = [];
    private readonly List<LogEntry> _logs = [];

    /// <summary>Events committed so far, in commit order (what a stream reader would see).</summary>
    public IReadOnlyList<(GrainId Grain, long Version, int Index, OutboxAppend Event)> Outbox
    {
        get { lock (_lock) return [.. _outbox]; }
    }

    /// <inheritdoc />
    public Task<StoredState?> ReadStateAsync(GrainId grain, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_states.GetValueOrDefault(grain));
    }

    /// <inheritdoc />
    public Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var current = _states.GetValueOrDefault(write.Grain)?.Version ?? 0;
            if (current != write.ExpectedVersion) throw new InconsistentStateException(write.Grain, write.ExpectedVersion);
            var now = timeProvider.GetUtcNow();
            var released = write.ReleasedClaims.Where(k => _claims.TryGetValue(k, out var held) && held.Owner == write.Grain).ToHashSet();
            var conflicts = write.Claims
                .Where(c => !released.Contains(c.Key) && _claims.TryGetValue(c.Key, out var held) && (held.ExpiresAt is null || held.ExpiresAt > now))
                .Select(c => c.Key).ToList();
            if (conflicts.Count > 0) throw new ClaimConflictException(conflicts);
            foreach (var key in released) _claims.Remove(key);
            var version = current + 1;
            _states[write.Grain] = new StoredState(write.StateJson, version, write.Timestamp);
            for (var i = 0; i < write.Journal.Count; i++)
            {
                var e = write.Journal[i];
                _journal.Add(new JournalEntry(write.Grain, version, i, e.Kind, e.Correlation, e.Json, write.Timestamp));
            }
            for (var i = 0; i < write.Events.Count; i++) _outbox.Add((write.Grain, version, i, write.Events[i]));
            foreach (var entry in write.Logs) _logs.Add(new LogEntry(_logs.Count + 1, entry.Log, write.Grain, entry.Json, write.Timestamp));
            foreach (var c in write.Claims) _claims[c.Key] = new StoredClaim(c.Key, write.Grain, c.Value, write.Timestamp, c.ExpiresAt);
            return Task.FromResult(version);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(GrainId grain, JournalQuery query, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<JournalEntry> entries = _journal
                .Where(e => e.Grain == grain
                    && (query.Before is null || e.Position.CompareTo(query.Before.Value) < 0)
                    && (query.Correlation is null || e.Correlation == query.Correlation))
                .OrderByDescending(e => e.Version).ThenByDescending(e => e.Index)
                .Take(query.Limit).ToList();
            return Task.FromResult(entries);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LogEntry>> ReadLogAsync(string log, LogQuery query, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<LogEntry> entries = _logs
                .Where(e => e.Log == log && (query.Before is null || e.Id < query.Before))
                .OrderByDescending(e => e.Id).Take(query.Limit).ToList();
            return Task.FromResult(entries);
        }
    }

    /// <inheritdoc />
    public Task<StoredClaim?> ReadClaimAsync(ClaimKey key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var claim = _claims.GetValueOrDefault(key);
            var live = claim is not null && (claim.ExpiresAt is null || claim.ExpiresAt > timeProvider.GetUtcNow());
            return Task.FromResult(live ? claim : null);
        }
    }

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
