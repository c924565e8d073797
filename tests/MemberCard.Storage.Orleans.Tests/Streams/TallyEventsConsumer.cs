using System.Collections.Concurrent;
using MemberCard.Storage.Streams;

namespace MemberCard.Storage.Orleans.Tests.Streams;

/// <summary>
/// Consumes the tallies' outbox events into a process-wide record, skipping what it has seen by source sequence (as
/// real consumers do); it throws for sources named in <see cref="Poisoned"/>.
/// </summary>
[GrainType(GrainTypeName), ImplicitStreamSubscription("tally")]
public sealed class TallyEventsConsumer : OutboxConsumerGrain
{
    public const string GrainTypeName = "tests.tally-events";

    public static readonly ConcurrentDictionary<string, ConcurrentQueue<OutboxEvent>> Seen = new();

    public static readonly ConcurrentDictionary<string, bool> Poisoned = new();

    protected override Task ApplyAsync(IReadOnlyList<OutboxEvent> events)
    {
        foreach (var e in events)
        {
            if (Poisoned.ContainsKey(e.Key)) throw new InvalidOperationException($"poisoned source {e.Source}");
            var seen = Seen.GetOrAdd(e.Key, _ => new());
            if (seen.LastOrDefault() is { } last && last.Sequence >= e.Sequence) continue;
            seen.Enqueue(e);
        }
        return Task.CompletedTask;
    }
}
