using System.Diagnostics;
using MemberCard.Runtime.Streams;
using MemberCard.Runtime.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MemberCard.Storage.Streams;

/// <summary>A consumer of outbox streams, callable directly to replay dead letters.</summary>
[Alias("membercard.IOutboxConsumerGrain")]
public interface IOutboxConsumerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies dead letters of one source again, oldest first (an operator's replay); on success the source is no
    /// longer held back. What the consumer already applied it skips.
    /// </summary>
    [Alias("Replay")]
    Task ReplayAsync(IReadOnlyList<OutboxEvent> events);
}

/// <summary>
/// Base of the grains that consume outbox streams. A consumer subscribes implicitly, by grain type:
/// <c>[ImplicitStreamSubscription("card")]</c> on the derived class makes Orleans activate it, keyed by queue number,
/// for every queue's stream of card events. Batches arrive at least once and in order per stream, so each source
/// grain's events arrive in its commit order; <see cref="ApplyAsync"/> must skip what it has already applied (by
/// <see cref="OutboxEvent.Sequence"/> per <see cref="OutboxEvent.Source"/>), which makes its effects exactly once.
/// A batch that fails is applied one event at a time, each tried <c>MaxAttempts</c> times; an event that still fails
/// goes to the dead-letter table and holds back its source's later events (they are dead-lettered behind it, in order)
/// until a replay succeeds. The batch then counts as delivered, so the queue's checkpoint and Orleans' cache move on
/// (docs/orleans-providers.md says why this is not left to Orleans' failure handler).
/// </summary>
public abstract partial class OutboxConsumerGrain : Grain, IOutboxConsumerGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<OutboxEvent>
{
    private const string DeliverySpan = "membercard.stream.deliver";

    private readonly HashSet<string> _parked = [];
    private IStreamQueueStore? _store;
    private OutboxStreamOptions? _options;
    private TimeProvider? _clock;
    private ILogger? _logger;
    private int _queue;

    /// <summary>Applies a batch of events of one source grain type from one queue, in commit order.</summary>
    protected abstract Task ApplyAsync(IReadOnlyList<OutboxEvent> events);

    private string Consumer => this.GetGrainId().Type.ToString()!;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _store = ServiceProvider.GetRequiredService<IStreamQueueStore>();
        _options = ServiceProvider.GetRequiredService<IOptionsMonitor<OutboxStreamOptions>>().Get(OutboxStreamsSiloBuilderExtensions.ProviderName);
        _clock = ServiceProvider.GetRequiredService<TimeProvider>();
        _logger = ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(GetType());
        _queue = int.TryParse(this.GetPrimaryKeyString(), System.Globalization.CultureInfo.InvariantCulture, out var queue) ? queue : -1;
        // Sources held back before this activation: those with dead letters of this consumer still waiting.
        for (var after = 0L; ;)
        {
            var page = await _store.ReadDeadLettersAsync(after, 1000, _queue, cancellationToken: cancellationToken);
            foreach (var letter in page.Where(l => l.Consumer == Consumer)) _parked.Add(letter.Event.Stream);
            if (page.Count < 1000) break;
            after = page[^1].Id;
        }
    }

    /// <inheritdoc />
    public async Task ReplayAsync(IReadOnlyList<OutboxEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        await ApplyAsync(events);
        foreach (var source in events.Select(e => e.Source).Distinct()) _parked.Remove(source);
    }

    /// <inheritdoc />
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<OutboxEvent>().ResumeAsync(this);

    /// <inheritdoc />
    public async Task OnNextAsync(IList<SequentialItem<OutboxEvent>> items)
    {
        var events = items.Select(i => i.Item).ToList();
        using var delivery = StartDelivery(events);
        if (!events.Any(e => _parked.Contains(e.Source)))
        {
            try
            {
                await ApplyAsync(events);
                return;
            }
            catch (Exception e)
            {
                LogBatchFailed(_logger!, e, Consumer, events.Count, _queue);
            }
        }
        foreach (var item in events) await ApplyOneAsync(item);
    }

    /// <inheritdoc />
    public Task OnCompletedAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    // A span of its own under Orleans' delivery call, linked to the spans that published the events (their traceparents
    // rode in the outbox rows): the request that made an event and the consumer that applied it are one click apart.
    private Activity? StartDelivery(List<OutboxEvent> events)
    {
        if (!MemberCardInstruments.ActivitySource.HasListeners()) return null;
        List<ActivityLink>? links = null;
        foreach (var parent in events.Select(e => e.TraceParent).Distinct())
        {
            if (ActivityContext.TryParse(parent, null, isRemote: true, out var context)) (links ??= []).Add(new ActivityLink(context));
        }
        var activity = MemberCardInstruments.ActivitySource.StartActivity(DeliverySpan, ActivityKind.Consumer, default(ActivityContext), links: links);
        activity?.SetTag("membercard.consumer", Consumer);
        activity?.SetTag("messaging.batch.message_count", events.Count);
        return activity;
    }

    private async Task ApplyOneAsync(OutboxEvent item)
    {
        if (_parked.Contains(item.Source))
        {
            await ParkAsync(item, 0, "waiting behind an earlier dead letter of the same stream");
            return;
        }
        var delay = _options!.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyAsync([item]);
                return;
            }
            catch (Exception e)
            {
                if (attempt >= _options.MaxAttempts)
                {
                    LogDeadLettered(_logger!, e, Consumer, item.Source, item.Version, item.Index, attempt);
                    await ParkAsync(item, attempt, e.Message);
                    return;
                }
                if (delay > TimeSpan.Zero) await Task.Delay(delay, _clock!);
                delay *= 2;
            }
        }
    }

    private async Task ParkAsync(OutboxEvent item, int attempts, string error)
    {
        await _store!.AddDeadLetterAsync(new DeadLetter(0, Consumer, _queue, item.ToStreamEvent(), attempts, error, _clock!.GetUtcNow(), false));
        MemberCardInstruments.DeadLetters.Add(1, new KeyValuePair<string, object?>("consumer", Consumer));
        _parked.Add(item.Source);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} failed a batch of {Count} on queue {Queue}; applying one by one")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string consumer, int count, int queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Consumer {Consumer} failed {Source} {Version}:{Index} {Attempts} times; dead-lettered")]
    private static partial void LogDeadLettered(ILogger logger, Exception exception, string consumer, string source, long version, int index, int attempts);
}
