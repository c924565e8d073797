using Orleans.Streams;
using StreamPosition = MemberCard.Runtime.Streams.StreamPosition;

namespace MemberCard.Storage.Streams;

/// <summary>
/// Consecutive events of one outbox queue from grains of one type: what Orleans caches and delivers as one batch to the
/// consumers of the stream <c>(grain type, queue)</c>. <see cref="CheckpointAfter"/> is how far the queue's checkpoint
/// may move once this batch and every batch before it are delivered.
/// </summary>
[GenerateSerializer, Immutable, Alias("membercard.OutboxBatch")]
public sealed class OutboxBatch(StreamId streamId, IReadOnlyList<OutboxEvent> events, StreamPosition checkpointAfter) : IBatchContainer
{
    [Id(0)]
    public StreamId StreamId { get; } = streamId;

    [Id(1)]
    public IReadOnlyList<OutboxEvent> Events { get; } = events;

    [Id(2)]
    public long CheckpointOrder { get; } = checkpointAfter.CommitOrder;

    [Id(3)]
    public long CheckpointId { get; } = checkpointAfter.Id;

    /// <summary>Where the checkpoint may move once this batch is delivered.</summary>
    public StreamPosition CheckpointAfter => new(CheckpointOrder, CheckpointId);

    /// <inheritdoc />
    /// <remarks>Made once: the pulling agent and the failure handler's tracking read it many times.</remarks>
    public StreamSequenceToken SequenceToken => _token ??= new OutboxSequenceToken(Events[^1].Position);

    [NonSerialized]
    private OutboxSequenceToken? _token;

    /// <inheritdoc />
    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Events.OfType<T>().Select((e, i) => Tuple.Create(e, (StreamSequenceToken)new OutboxSequenceToken(Events[i].Position)));

    /// <inheritdoc />
    public bool ImportRequestContext() => false;
}
