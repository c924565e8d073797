using MemberCard.Runtime.Hosting;

namespace MemberCard.Runtime.Catalog;

/// <summary>Every collection quantum, deactivates activations unused for longer than the collection age.</summary>
internal sealed class ActivationCollector : IDisposable
{
    private readonly ITimer _timer;

    public ActivationCollector(GrainCatalog catalog, SiloOptions options, TimeProvider clock)
    {
        _timer = clock.CreateTimer(
            _ => catalog.CollectIdle(clock.GetUtcNow() - options.CollectionAge),
            null, options.CollectionQuantum, options.CollectionQuantum);
    }

    public void Dispose() => _timer.Dispose();
}
