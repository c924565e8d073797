using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.GrainDirectory;
using MemberCard.Runtime.Membership;
using MemberCard.Runtime.Messaging;
using MemberCard.Runtime.Placement;
using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.Hosting;

/// <summary>
/// The cluster side of a silo: the silo-to-silo listener and connections, membership, the directory registrar and
/// the call router. Start: listen, join as Joining, become Active. Graceful stop: ShuttingDown (others stop placing
/// grains here), then — after every activation finished its turns, persisted and deactivated — remove this silo's
/// directory entries, mark it Dead and close the connections.
/// </summary>
public sealed class ClusterSilo : ISiloLifecycleParticipant
{
    private readonly GrainRuntime _runtime;
    private readonly SiloListener _listener;
    private readonly IGrainDirectory _directory;
    private readonly SiloConnectionPool _pool;
    private readonly ActivationRegistrar _registrar;
    private readonly SiloMessageHandler _handler;
    private readonly MembershipService _service;
    private readonly ILogger<ClusterSilo> _logger;
    private bool _crashed;

    internal ClusterSilo(
        GrainRuntime runtime,
        ClusterOptions options,
        SiloListener listener,
        MembershipClusterView view,
        IMembershipTable table,
        IGrainDirectory directory,
        IPlacementDirector placement,
        ISiloTerminator terminator,
        IEnumerable<IRemoteExceptionCodec> codecs,
        ILoggerFactory loggers)
    {
        _runtime = runtime;
        _listener = listener;
        _directory = directory;
        _logger = loggers.CreateLogger<ClusterSilo>();
        View = view;
        _pool = new SiloConnectionPool(options, loggers.CreateLogger<SiloConnectionPool>());
        var messenger = new ClusterMessenger(_pool);
        Agent = new MembershipAgent(table, messenger, view, options.Membership, runtime.TimeProvider, terminator, loggers.CreateLogger<MembershipAgent>());
        var codec = new GrainCallCodec(runtime.Serializer, runtime.Types);
        var translator = new RemoteExceptionTranslator(codecs);
        var router = new GrainCallRouter(runtime, view, directory, placement, _pool, codec, translator, options);
        _registrar = new ActivationRegistrar(directory, view.LocalSilo, loggers.CreateLogger<ActivationRegistrar>());
        runtime.Router = router;
        runtime.Registrar = _registrar;
        _handler = new SiloMessageHandler(view.LocalSilo, runtime.Catalog, codec, translator, messenger, Agent, options, loggers.CreateLogger<SiloMessageHandler>());
        _service = new MembershipService(Agent, options, runtime.TimeProvider, loggers.CreateLogger<MembershipService>());
        Agent.SilosDied += async dead =>
        {
            foreach (var silo in dead)
            {
                router.Forget(silo);
                _pool.Forget(silo);
                var removed = await directory.RemoveSiloAsync(silo).ConfigureAwait(false);
                _logger.LogWarning("Silo {Silo} is dead; removed {Entries} directory entries", silo, removed);
            }
        };
    }

    /// <summary>This silo's identity.</summary>
    public SiloAddress LocalSilo => View.LocalSilo;

    /// <summary>The membership view.</summary>
    public MembershipClusterView View { get; }

    /// <summary>This silo's membership agent.</summary>
    public MembershipAgent Agent { get; }

    /// <inheritdoc />
    public async Task OnStartAsync(CancellationToken cancellationToken)
    {
        _listener.Start(_handler.HandleAsync);
        await Agent.JoinAsync(cancellationToken).ConfigureAwait(false);
        if (!await Agent.SetStatusAsync(SiloStatus.Active, cancellationToken).ConfigureAwait(false))
            throw new InvalidOperationException($"Silo {LocalSilo} could not become active in the membership table.");
        _service.Start();
        _logger.LogInformation("Silo {Silo} is active in a cluster of {Count}", LocalSilo, View.Current.ActiveSilos.Count);
    }

    /// <inheritdoc />
    public async Task OnStoppingAsync(CancellationToken cancellationToken)
    {
        if (_crashed || Agent.IsTerminated) return;
        await Agent.SetStatusAsync(SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task OnStoppedAsync(CancellationToken cancellationToken)
    {
        if (_crashed) return;
        try
        {
            await _registrar.DrainAsync().ConfigureAwait(false);
            await _directory.RemoveSiloAsync(LocalSilo, cancellationToken).ConfigureAwait(false);
            if (!Agent.IsTerminated) await Agent.SetStatusAsync(SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// For fault tests: stops answering other silos at once, as if the process died, without leaving membership or
    /// the directory. The others must detect it by probing and declare it dead.
    /// </summary>
    public async Task CrashAsync()
    {
        _crashed = true;
        _runtime.Crash();
        _runtime.Router = null;
        await CloseAsync().ConfigureAwait(false);
    }

    private async Task CloseAsync()
    {
        await _service.StopAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _pool.DisposeAsync().ConfigureAwait(false);
    }
}
