using MemberCard.Runtime.Catalog;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.Hosting;

/// <summary>
/// The silo's lifecycle: on start, migrate storage and start the idle collector; on stop, refuse new
/// calls, let queued turns finish, deactivate every activation (which may persist), then cancel what is left.
/// </summary>
public sealed class Silo(
    GrainRuntime runtime,
    IEnumerable<IStorageInitializer> initializers,
    IEnumerable<ISiloLifecycleParticipant> participants,
    ILogger<Silo> logger) : IHostedService
{
    private ActivationCollector? _collector;

    /// <summary>Whether the silo has started and not begun stopping.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Number of live activations (for metrics and tests).</summary>
    public int ActivationCount => runtime.Catalog.Count;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var initializer in initializers) await initializer.InitializeAsync(cancellationToken).ConfigureAwait(false);
        runtime.Types.Validate();
        foreach (var participant in participants) await participant.OnStartAsync(cancellationToken).ConfigureAwait(false);
        _collector = new ActivationCollector(runtime.Catalog, runtime.Options, runtime.TimeProvider);
        IsRunning = true;
        logger.LogInformation("Silo started with {GrainTypes} grain types", runtime.Types.Count);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        IsRunning = false;
        _collector?.Dispose();
        foreach (var participant in participants) await participant.OnStoppingAsync(cancellationToken).ConfigureAwait(false);
        await runtime.Catalog.StopAsync(cancellationToken).ConfigureAwait(false);
        await runtime.StopWritingAsync().ConfigureAwait(false);
        foreach (var participant in participants) await participant.OnStoppedAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Silo stopped");
    }
}
