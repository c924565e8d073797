using System.Collections.Concurrent;
using MemberCard.Storage.Streams;
using Orleans;

namespace MemberCard.Api.Tests;

/// <summary>
/// A stream consumer grain of store events. Being a grain of this assembly it runs in every test's silo, so it only
/// looks at stores whose id starts with <see cref="Prefix"/>: it fails their batches while <see cref="Fail"/> is set
/// and records them otherwise.
/// </summary>
[GrainType(Name), ImplicitStreamSubscription("store")]
public sealed class SwitchableConsumer : OutboxConsumerGrain
{
    public const string Name = "test-switch";

    public const string Prefix = "SWITCH-";

    public static volatile bool Fail;

    public static ConcurrentQueue<OutboxEvent> Delivered { get; } = new();

    protected override Task ApplyAsync(IReadOnlyList<OutboxEvent> events)
    {
        var mine = events.Where(e => e.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
        if (mine.Count == 0) return Task.CompletedTask;
        if (Fail) throw new InvalidOperationException("switched off");
        foreach (var e in mine) Delivered.Enqueue(e);
        return Task.CompletedTask;
    }
}
