namespace MemberCard.Runtime.Streams;

/// <summary>
/// A consumer of persistent streams, subscribed implicitly by namespace (as Orleans' implicit subscriptions):
/// every event of every stream whose namespace is in <see cref="Namespaces"/> reaches it, at least once, in
/// order within each stream. A consumer must skip what it has already applied (by <see cref="StreamEvent.Sequence"/>),
/// which makes its effects exactly once.
/// </summary>
public interface IStreamConsumer
{
    /// <summary>A stable name; dead letters are recorded under it.</summary>
    string Name { get; }

    /// <summary>The stream namespaces (grain types) this consumer subscribes to.</summary>
    IReadOnlyCollection<string> Namespaces { get; }

    /// <summary>
    /// Applies <paramref name="events"/> (in queue order, so in order per stream). Throwing means none may be
    /// taken as applied: the agent then delivers them one by one, retrying each, and dead-letters what keeps failing.
    /// </summary>
    Task DeliverAsync(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken);
}
