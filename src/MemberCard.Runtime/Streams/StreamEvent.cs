namespace MemberCard.Runtime.Streams;

/// <summary>
/// One committed outbox event as a consumer receives it. The stream is the writing grain
/// (<see cref="Namespace"/> = grain type, <see cref="Key"/> = grain key); <see cref="Sequence"/> orders the events
/// of one stream; <see cref="Position"/> orders the events of one queue in commit order.
/// </summary>
public sealed record StreamEvent(
    string Namespace, string Key, StreamSequence Sequence, string Kind, string Json, DateTimeOffset CreatedAt, StreamPosition Position)
{
    /// <summary>The stream's name, <c>namespace/key</c>.</summary>
    public string Stream => $"{Namespace}/{Key}";

    /// <summary>The W3C traceparent of the span that published the event, or null (docs/operations.md, "Telemetry").</summary>
    public string? TraceParent { get; init; }
}

/// <summary>Where an event sits in its stream: the version of the grain write and the index within it.</summary>
public readonly record struct StreamSequence(long Version, int Index) : IComparable<StreamSequence>
{
    /// <summary>Before every event of any stream.</summary>
    public static StreamSequence None => new(0, -1);

    /// <inheritdoc />
    public int CompareTo(StreamSequence other) =>
        Version != other.Version ? Version.CompareTo(other.Version) : Index.CompareTo(other.Index);

    /// <summary>Whether <paramref name="left"/> comes after <paramref name="right"/>.</summary>
    public static bool operator >(StreamSequence left, StreamSequence right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> comes before <paramref name="right"/>.</summary>
    public static bool operator <(StreamSequence left, StreamSequence right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> comes at or after <paramref name="right"/>.</summary>
    public static bool operator >=(StreamSequence left, StreamSequence right) => left.CompareTo(right) >= 0;

    /// <summary>Whether <paramref name="left"/> comes at or before <paramref name="right"/>.</summary>
    public static bool operator <=(StreamSequence left, StreamSequence right) => left.CompareTo(right) <= 0;
}

/// <summary>
/// An event's place in commit order, which queue checkpoints record. On PostgreSQL <see cref="CommitOrder"/> is the
/// writing transaction's id (xid8) and <see cref="Id"/> the row id; on SQLite, where ids follow commits,
/// <see cref="CommitOrder"/> is always 0.
/// </summary>
public readonly record struct StreamPosition(long CommitOrder, long Id) : IComparable<StreamPosition>
{
    /// <summary>Before every event.</summary>
    public static StreamPosition Start => new(0, 0);

    /// <inheritdoc />
    public int CompareTo(StreamPosition other) =>
        CommitOrder != other.CommitOrder ? CommitOrder.CompareTo(other.CommitOrder) : Id.CompareTo(other.Id);

    /// <inheritdoc />
    public override string ToString() => $"{CommitOrder}:{Id}";
}
