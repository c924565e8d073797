using MemberCard.Runtime.Streams;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace MemberCard.Storage.Streams;

/// <summary>
/// The outbox as an Orleans queue adapter. It only reads: events enter the outbox in the writing grain's own state
/// transaction (<c>GrainWriteBuilder.Publish</c>), which an Orleans producer could not do atomically.
/// </summary>
internal sealed class OutboxQueueAdapter(
    string name, IStreamQueueStore store, OutboxStreamOptions options, string owner, OutboxDeliveryFailureHandler failures,
    OutboxReplayer replayer, TimeProvider clock, ILoggerFactory loggers) : IQueueAdapter
{
    public string Name { get; } = name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadOnly;

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
        throw new NotSupportedException("Outbox streams are published by committing grain state with its events, not by a producer.");

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new OutboxQueueAdapterReceiver(
        OutboxQueueMapper.QueueOf(queueId), store, options, owner, failures, replayer, clock, loggers.CreateLogger<OutboxQueueAdapterReceiver>());
}
