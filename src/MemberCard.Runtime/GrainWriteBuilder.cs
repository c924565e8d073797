using System.Diagnostics;
using MemberCard.Runtime.Storage;

namespace MemberCard.Runtime;

/// <summary>Collects what a grain commits together with its next state.</summary>
public sealed class GrainWriteBuilder
{
    private readonly GrainSerializer _serializer;
    private readonly List<JournalAppend> _journal = [];
    private readonly List<OutboxAppend> _events = [];
    private readonly List<ClaimInsert> _claims = [];
    private readonly List<ClaimKey> _releases = [];
    private readonly List<LogAppend> _logs = [];

    internal GrainWriteBuilder(GrainSerializer serializer) => _serializer = serializer;

    /// <summary>Appends an entry to the grain's append-only journal.</summary>
    public GrainWriteBuilder Journal<T>(string kind, T entry, string? correlation = null)
    {
        _journal.Add(new JournalAppend(kind, correlation, _serializer.Serialize(entry)));
        return this;
    }

    /// <summary>Publishes an event through the transactional outbox.</summary>
    public GrainWriteBuilder Publish<T>(string kind, T payload)
    {
        _events.Add(new OutboxAppend(kind, _serializer.Serialize(payload)));
        return this;
    }

    /// <summary>Takes a unique claim; the write fails with <see cref="ClaimConflictException"/> if it is held.</summary>
    public GrainWriteBuilder Claim<T>(ClaimKey key, T value, DateTimeOffset? expiresAt = null)
    {
        _claims.Add(new ClaimInsert(key, _serializer.Serialize(value), expiresAt));
        return this;
    }

    /// <summary>Gives up a claim this grain holds (no effect when it does not hold it), so another grain may take it.</summary>
    public GrainWriteBuilder Release(ClaimKey key)
    {
        _releases.Add(key);
        return this;
    }

    /// <summary>
    /// Appends an entry to the named append-only log <paramref name="log"/>, shared by all grains (an audit trail,
    /// for example); read with <see cref="Storage.IGrainStorage.ReadLogAsync"/>.
    /// </summary>
    public GrainWriteBuilder Append<T>(string log, T entry)
    {
        _logs.Add(new LogAppend(log, _serializer.Serialize(entry)));
        return this;
    }

    internal GrainWrite Build(GrainId grain, long expectedVersion, string stateJson, DateTimeOffset now) =>
        new(grain, expectedVersion, stateJson, now)
        {
            Journal = _journal, Events = _events, Claims = _claims, ReleasedClaims = _releases, Logs = _logs,
            // Only while a trace is recorded is there a span (and its id string) to read.
            TraceParent = _events.Count > 0 ? Activity.Current?.Id : null,
        };
}
