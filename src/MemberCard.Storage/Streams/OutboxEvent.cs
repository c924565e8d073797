using MemberCard.Runtime.Streams;

namespace MemberCard.Storage.Streams;

/// <summary>
/// One committed outbox event as a consumer grain receives it. Its source stream is the writing grain
/// (<see cref="Namespace"/> = grain type, <see cref="Key"/> = grain key) and <see cref="Version"/>/<see cref="Index"/>
/// order the events of that source; <see cref="CommitOrder"/>/<see cref="Id"/> order the events of one outbox queue
/// in commit order.
/// </summary>
[GenerateSerializer, Immutable, Alias("membercard.OutboxEvent")]
public sealed record OutboxEvent(
    [property: Id(0)] string Namespace,
    [property: Id(1)] string Key,
    [property: Id(2)] long Version,
    [property: Id(3)] int Index,
    [property: Id(4)] string Kind,
    [property: Id(5)] string Json,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] long CommitOrder,
    [property: Id(8)] long Id)
{
    /// <summary>The source stream's name, <c>namespace/key</c>.</summary>
    public string Source => $"{Namespace}/{Key}";

    /// <summary>The W3C traceparent of the span that published the event, or null; a delivery span links to it.</summary>
    [Id(9)]
    public string? TraceParent { get; init; }

    /// <summary>Where the event sits in its source stream.</summary>
    public StreamSequence Sequence => new(Version, Index);

    /// <summary>Where the event sits in its queue's commit order.</summary>
    public StreamPosition Position => new(CommitOrder, Id);

    public static OutboxEvent From(StreamEvent e) =>
        new(e.Namespace, e.Key, e.Sequence.Version, e.Sequence.Index, e.Kind, e.Json, e.CreatedAt, e.Position.CommitOrder, e.Position.Id)
        {
            TraceParent = e.TraceParent,
        };

    public StreamEvent ToStreamEvent() => new(Namespace, Key, Sequence, Kind, Json, CreatedAt, Position) { TraceParent = TraceParent };
}
