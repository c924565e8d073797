using Orleans.Streams;
using StreamPosition = MemberCard.Runtime.Streams.StreamPosition;

namespace MemberCard.Storage.Streams;

/// <summary>An event's place in its outbox queue: the commit order and row id of <see cref="StreamPosition"/>.</summary>
[GenerateSerializer, Immutable, Alias("membercard.OutboxSequenceToken")]
public sealed class OutboxSequenceToken : StreamSequenceToken
{
    /// <summary>A token at <paramref name="position"/>.</summary>
    public OutboxSequenceToken(StreamPosition position)
    {
        CommitOrder = position.CommitOrder;
        RowId = position.Id;
    }

    /// <summary>The writing transaction's commit order (PostgreSQL xid; 0 on SQLite).</summary>
    [Id(0)]
    public long CommitOrder { get; private set; }

    /// <summary>The outbox row id.</summary>
    [Id(1)]
    public long RowId { get; private set; }

    /// <summary>The position this token names.</summary>
    public StreamPosition Position => new(CommitOrder, RowId);

    /// <inheritdoc />
    public override long SequenceNumber { get => RowId; protected set => RowId = value; }

    /// <inheritdoc />
    public override int EventIndex { get => 0; protected set { } }

    /// <inheritdoc />
    public override bool Equals(StreamSequenceToken? other) => other is OutboxSequenceToken token && token.Position == Position;

    /// <inheritdoc />
    public override int CompareTo(StreamSequenceToken? other) => other switch
    {
        null => 1,
        OutboxSequenceToken token => Position.CompareTo(token.Position),
        _ => throw new ArgumentException($"An outbox token compares only with outbox tokens, not {other.GetType()}.", nameof(other)),
    };

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StreamSequenceToken);

    /// <inheritdoc />
    public override int GetHashCode() => Position.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Position.ToString();
}
