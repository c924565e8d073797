using System.Buffers.Binary;
using System.Collections.Concurrent;
using MemberCard.Runtime.Streams;
using MemberCard.Runtime.Telemetry;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace MemberCard.Storage.Streams;

/// <summary>
/// Orleans calls this when a consumer kept failing a batch for the pulling agent's whole delivery time: the batch's
/// events go to the dead-letter table under the consumer's grain type, and delivery goes on with the next batch (the
/// subscription is not faulted). The dead-letter endpoints list them and ask for a replay.
/// </summary>
internal sealed partial class OutboxDeliveryFailureHandler(
    string providerName, IStreamQueueStore store, IEnumerable<OutboxConsumerType> consumers, TimeProvider clock,
    ILogger<OutboxDeliveryFailureHandler> logger) : IStreamFailureHandler
{
    private readonly ConcurrentDictionary<(StreamId, StreamSequenceToken), OutboxBatch> _inFlight = new();
    private readonly IReadOnlyList<OutboxConsumerType> _consumers = [.. consumers];

    public string ProviderName { get; } = providerName;

    public bool ShouldFaultSubsriptionOnError => false;

    /// <summary>A batch handed to Orleans, kept until delivered so a failure can name its events.</summary>
    public void Track(OutboxBatch batch) => _inFlight[(batch.StreamId, batch.SequenceToken)] = batch;

    /// <summary>A batch every consumer has passed.</summary>
    public void Forget(OutboxBatch batch) => _inFlight.TryRemove((batch.StreamId, batch.SequenceToken), out _);

    public async Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        var consumer = ConsumerOf(subscriptionId.Guid);
        if (sequenceToken is null || !_inFlight.TryGetValue((streamIdentity, sequenceToken), out var batch))
        {
            LogUnknownBatch(logger, consumer, streamIdentity, sequenceToken);
            return;
        }
        var queue = int.Parse(streamIdentity.GetKeyAsString(), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var e in batch.Events)
        {
            await store.AddDeadLetterAsync(new DeadLetter(0, consumer, queue, e.ToStreamEvent(), 1,
                "delivery kept failing for the stream agent's delivery time; the consumer's error is in its silo's log", clock.GetUtcNow(), false));
        }
        MemberCardInstruments.DeadLetters.Add(batch.Events.Count, new KeyValuePair<string, object?>("consumer", consumer));
        LogDeadLettered(logger, batch.Events.Count, consumer, streamIdentity);
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        LogSubscriptionFailure(logger, ConsumerOf(subscriptionId.Guid), streamIdentity);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The consumer grain type behind an implicit subscription: Orleans makes the subscription id's first four bytes the
    /// grain type's uniform hash (ImplicitStreamSubscriberTable); a test pins this against what Orleans hands consumers.
    /// </summary>
    internal string ConsumerOf(Guid subscription)
    {
        Span<byte> bytes = stackalloc byte[16];
        subscription.TryWriteBytes(bytes);
        var hash = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        return _consumers.FirstOrDefault(c => GrainType.Create(c.GrainType).GetUniformHashCode() == hash)?.GrainType ?? $"subscription:{subscription:N}";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-lettered {Count} events of {Stream} for consumer {Consumer}")]
    private static partial void LogDeadLettered(ILogger logger, int count, string consumer, StreamId stream);

    [LoggerMessage(Level = LogLevel.Error, Message = "Consumer {Consumer} failed a batch of {Stream} at {Token} that is no longer tracked; it was not dead-lettered")]
    private static partial void LogUnknownBatch(ILogger logger, string consumer, StreamId stream, StreamSequenceToken? token);

    [LoggerMessage(Level = LogLevel.Error, Message = "Consumer {Consumer} could not subscribe to {Stream}")]
    private static partial void LogSubscriptionFailure(ILogger logger, string consumer, StreamId stream);
}

/// <summary>A grain type that consumes outbox streams (registered with <c>AddOutboxConsumer</c>), so dead letters name it.</summary>
public sealed record OutboxConsumerType(string GrainType);
