using MemberCard.Runtime.Streams;

namespace MemberCard.Runtime.Tests.Streams;

/// <summary>
/// A consumer that applies each event once per stream (skipping sequences it has seen, as real consumers must),
/// counts deliveries, and fails events its <see cref="Poison"/> rule names.
/// </summary>
internal sealed class RecordingConsumer(string name, params string[] namespaces) : IStreamConsumer
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StreamSequence> _seen = [];

    public string Name => name;

    public IReadOnlyCollection<string> Namespaces => namespaces;

    public Func<StreamEvent, bool> Poison { get; set; } = _ => false;

    public List<StreamEvent> Applied { get; } = [];

    public int Deliveries { get; private set; }

    public Task DeliverAsync(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Deliveries += events.Count;
            var poisoned = events.FirstOrDefault(Poison);
            if (poisoned is not null) throw new InvalidOperationException($"cannot apply {poisoned.Stream} {poisoned.Sequence}");
            foreach (var e in events)
            {
                if (_seen.TryGetValue(e.Stream, out var last) && e.Sequence <= last) continue;
                _seen[e.Stream] = e.Sequence;
                Applied.Add(e);
            }
        }
        return Task.CompletedTask;
    }
}
