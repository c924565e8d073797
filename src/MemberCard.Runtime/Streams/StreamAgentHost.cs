using MemberCard.Runtime.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemberCard.Runtime.Streams;

/// <summary>
/// Runs one <see cref="PullingAgent"/> for each queue the ring gives this silo (<see cref="StreamQueues.OwnerOf"/>),
/// and moves agents when the cluster view changes: a queue the ring gives away is stopped (its lease released), a
/// queue it gives this silo is started (its agent waits until the previous owner releases it, its lease runs out,
/// or the owner leaves the view). The lease's compare-and-swap covers the moment two silos both think they own it.
/// </summary>
public sealed class StreamAgentHost(
    IStreamQueueStore store,
    IEnumerable<IStreamConsumer> consumers,
    IOptions<StreamOptions> options,
    IClusterView cluster,
    TimeProvider clock,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, RunningAgent> _agents = [];
    private readonly IReadOnlyList<IStreamConsumer> _consumers = [.. consumers];
    private readonly ILogger _logger = loggers.CreateLogger<StreamAgentHost>();
    private bool _stopped;

    /// <summary>Queues whose agents run on this silo now.</summary>
    public IReadOnlyCollection<int> RunningQueues
    {
        get { lock (_lock) return [.. _agents.Keys.Order()]; }
    }

    /// <summary>The registered consumers.</summary>
    public IReadOnlyList<IStreamConsumer> Consumers => _consumers;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || _consumers.Count == 0) return Task.CompletedTask;
        cluster.Changed += Rebalance;
        Rebalance(cluster.Current);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        cluster.Changed -= Rebalance;
        List<RunningAgent> running;
        lock (_lock)
        {
            _stopped = true;
            running = [.. _agents.Values];
            _agents.Clear();
        }
        foreach (var agent in running) await agent.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(running.Select(a => a.Run)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private void Rebalance(ClusterSnapshot snapshot)
    {
        var settings = options.Value;
        var local = cluster.LocalSilo;
        lock (_lock)
        {
            if (_stopped) return;
            for (var queue = 0; queue < settings.QueueCount; queue++)
            {
                var mine = StreamQueues.OwnerOf(queue, snapshot) == local;
                if (mine && !_agents.ContainsKey(queue)) _agents[queue] = Start(queue, settings);
                else if (!mine && _agents.Remove(queue, out var agent)) _ = agent.CancelAsync();
            }
        }
    }

    private RunningAgent Start(int queue, StreamOptions settings)
    {
        var stop = new CancellationTokenSource();
        var agent = new PullingAgent(queue, store, _consumers, settings, cluster.LocalSilo.ToString(), IsLive, clock,
            loggers.CreateLogger<PullingAgent>());
        _logger.LogInformation("Starting stream agent for queue {Queue}", queue);
        var run = Task.Run(() => agent.RunAsync(stop.Token));
        return new RunningAgent(stop, run);
    }

    private bool IsLive(string owner) => cluster.Current.ActiveSilos.Any(s => s.ToString() == owner);

    private sealed record RunningAgent(CancellationTokenSource Stop, Task Run)
    {
        public async Task CancelAsync() => await Stop.CancelAsync().ConfigureAwait(false);
    }
}
