namespace MemberCard.Runtime.Storage;

/// <summary>A grain's stored state: serialized JSON and the version it was written at (1 for the first write).</summary>
public sealed record StoredState(string Json, long Version, DateTimeOffset UpdatedAt);

/// <summary>
/// One atomic write. <see cref="ExpectedVersion"/> 0 means "no state stored yet".
/// Journal entries and outbox events are keyed by the new version and their index in the write.
/// </summary>
public sealed record GrainWrite(GrainId Grain, long ExpectedVersion, string StateJson, DateTimeOffset Timestamp)
{
    /// <summary>Append-only entries of the grain's own journal (for example a card's ledger).</summary>
    public IReadOnlyList<JournalAppend> Journal { get; init; } = [];

    /// <summary>Events for the transactional outbox that streams read.</summary>
    public IReadOnlyList<OutboxAppend> Events { get; init; } = [];

    /// <summary>Unique claims taken by this write (an idempotency key, an order number, a phone hash).</summary>
    public IReadOnlyList<ClaimInsert> Claims { get; init; } = [];

    /// <summary>Claims this grain gives up (deleted if it holds them; a claim held by another grain is left alone).</summary>
    public IReadOnlyList<ClaimKey> ReleasedClaims { get; init; } = [];

    /// <summary>Entries for named append-only logs shared by many grains (for example the audit trail).</summary>
    public IReadOnlyList<LogAppend> Logs { get; init; } = [];

    /// <summary>The W3C traceparent of the span that made the write, stored with its outbox events (null when none was recorded).</summary>
    public string? TraceParent { get; init; }
}

/// <summary>An entry to append to the writing grain's journal.</summary>
public sealed record JournalAppend(string Kind, string? Correlation, string Json);

/// <summary>A stored journal entry. Position is (version of the write, index within it).</summary>
public sealed record JournalEntry(GrainId Grain, long Version, int Index, string Kind, string? Correlation, string Json, DateTimeOffset CreatedAt)
{
    /// <summary>The entry's position, usable as a paging cursor.</summary>
    public JournalPosition Position => new(Version, Index);
}

/// <summary>Where an entry sits in a grain's journal: the version of the write and the index within it.</summary>
public readonly record struct JournalPosition(long Version, int Index) : IComparable<JournalPosition>
{
    /// <inheritdoc />
    public int CompareTo(JournalPosition other) =>
        Version != other.Version ? Version.CompareTo(other.Version) : Index.CompareTo(other.Index);
}

/// <summary>
/// Which journal entries to read: newest first, strictly before <see cref="Before"/> when given,
/// only those with <see cref="Correlation"/> when given.
/// </summary>
public sealed record JournalQuery(int Limit, JournalPosition? Before = null, string? Correlation = null);

/// <summary>An event for the outbox; its stream is the writing grain, its sequence the (version, index) pair.</summary>
public sealed record OutboxAppend(string Kind, string Json);

/// <summary>The name of a unique claim: a scope (what kind of thing) and a key within it.</summary>
public readonly record struct ClaimKey(string Scope, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Scope}:{Key}";
}

/// <summary>A claim to take; an expired claim may be taken over, a live one never.</summary>
public sealed record ClaimInsert(ClaimKey Key, string Value, DateTimeOffset? ExpiresAt = null);

/// <summary>A stored claim with the grain that took it.</summary>
public sealed record StoredClaim(ClaimKey Key, GrainId Owner, string Value, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>An entry for the named append-only log <see cref="Log"/>; the writing grain is recorded with it.</summary>
public sealed record LogAppend(string Log, string Json);

/// <summary>
/// A stored log entry. <see cref="Id"/> grows with every append to any log; entries are never changed or deleted.
/// </summary>
public sealed record LogEntry(long Id, string Log, GrainId Grain, string Json, DateTimeOffset CreatedAt);

/// <summary>Which entries of a log to read: newest first, only ids strictly below <see cref="Before"/> when given.</summary>
public sealed record LogQuery(int Limit, long? Before = null);
