using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.GrainDirectory;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Membership;
using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MemberCard.Testing;

/// <summary>What a <see cref="TestCluster"/> is made of.</summary>
public sealed class TestClusterOptions
{
    /// <summary>Silos started at once.</summary>
    public int InitialSilos { get; set; } = 3;

    /// <summary>
    /// PostgreSQL connection string shared by every silo (storage, membership, directory); null keeps all three in
    /// memory, shared by the silos of this process.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Cluster id; random by default so clusters in one database never meet.</summary>
    public string ClusterId { get; set; } = $"test-{Guid.NewGuid():N}";

    /// <summary>Placement: hash (default), random or local.</summary>
    public string Placement { get; set; } = "hash";

    /// <summary>
    /// Membership timings: the fast profile, with a longer probe time-out so a busy CI machine does not get a healthy
    /// silo suspected (a killed silo refuses connections at once, so detection does not wait for it).
    /// </summary>
    public MembershipOptions Membership { get; set; } = WithProbeTimeout(MembershipOptions.Fast(), TimeSpan.FromSeconds(2));

    private static MembershipOptions WithProbeTimeout(MembershipOptions options, TimeSpan timeout)
    {
        options.ProbeTimeout = timeout;
        return options;
    }

    /// <summary>The cluster secret every silo proves to the others (docs/cluster.md); null runs without it.</summary>
    public string? Secret { get; set; }

    /// <summary>Registers grains and whatever they need, once per silo.</summary>
    public Action<IServiceCollection> ConfigureServices { get; set; } = _ => { };

    /// <summary>Silo timings.</summary>
    public Action<SiloOptions>? ConfigureSilo { get; set; }
}

/// <summary>
/// Several silos in this process forming one cluster over real loopback TCP, like Orleans' TestCluster: on one
/// PostgreSQL database, or on shared in-memory storage, membership and directory. Real clock; fast membership.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly List<TestClusterSilo> _silos = [];
    private readonly InMemoryMembershipTable _table = new();
    private readonly InMemoryGrainDirectory _directory = new();
    private readonly InMemoryGrainStorage _storage = new(TimeProvider.System);

    private TestCluster(TestClusterOptions options) => _options = options;

    /// <summary>Silos that are running (not stopped or killed).</summary>
    public IReadOnlyList<TestClusterSilo> Silos
    {
        get { lock (_silos) return [.. _silos.Where(s => s.IsRunning)]; }
    }

    /// <summary>The shared in-memory directory (in-memory clusters only).</summary>
    public InMemoryGrainDirectory InMemoryDirectory => _directory;

    /// <summary>Starts a cluster of <see cref="TestClusterOptions.InitialSilos"/> silos.</summary>
    public static async Task<TestCluster> StartAsync(TestClusterOptions options)
    {
        var cluster = new TestCluster(options);
        for (var i = 0; i < options.InitialSilos; i++) await cluster.StartSiloAsync();
        await cluster.WaitForActiveSilosAsync(options.InitialSilos, TimeSpan.FromSeconds(15));
        return cluster;
    }

    /// <summary>Starts one more silo and waits until it is active.</summary>
    public async Task<TestClusterSilo> StartSiloAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddMemberCardSilo(_options.ConfigureSilo);
        services.AddMemberCardCluster(o =>
        {
            o.ClusterId = _options.ClusterId;
            o.SiloPort = 0;
            o.Placement = _options.Placement;
            o.Secret = _options.Secret;
            o.Membership.CopyFrom(_options.Membership);
        });
        TestClusterSilo? silo = null;
        services.AddSingleton<ISiloTerminator>(_ => new DelegateTerminator(() => silo!.OnTerminated()));
        if (_options.ConnectionString is { } connectionString)
        {
            services.AddPostgresGrainStorage(o => o.ConnectionString = connectionString);
            services.AddPostgresClustering(o =>
            {
                o.ConnectionString = connectionString;
                o.ClusterId = _options.ClusterId;
            });
        }
        else
        {
            services.AddSingleton<IGrainStorage>(_storage);
            services.AddSingleton<IMembershipTable>(_table);
            services.AddSingleton<IGrainDirectory>(_directory);
        }
        _options.ConfigureServices(services);
        silo = new TestClusterSilo(services.BuildServiceProvider());
        await silo.StartAsync();
        lock (_silos) _silos.Add(silo);
        return silo;
    }

    /// <summary>Waits until every running silo sees exactly <paramref name="count"/> active silos.</summary>
    public async Task WaitForActiveSilosAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!Silos.All(s => s.Cluster.View.Current.ActiveSilos.Count == count))
        {
            if (cancel.IsCancellationRequested)
                throw new TimeoutException($"Silos did not converge on {count} active silos: "
                    + string.Join(", ", Silos.Select(s => $"{s.Address} sees {s.Cluster.View.Current.ActiveSilos.Count}")));
            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        List<TestClusterSilo> all;
        lock (_silos) all = [.. _silos];
        foreach (var silo in all) await silo.DisposeAsync();
    }

    private sealed class DelegateTerminator(Action terminate) : ISiloTerminator
    {
        public void Terminate(string reason) => terminate();
    }
}

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class TestClusterSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private int _state; // 0 running, 1 stopped or killed

    internal TestClusterSilo(ServiceProvider services) => _services = services;

    /// <summary>Whether the silo runs (not stopped, killed or self-terminated).</summary>
    public bool IsRunning => Volatile.Read(ref _state) == 0;

    /// <summary>Whether membership told this silo it was declared dead.</summary>
    public bool WasTerminated { get; private set; }

    /// <summary>The silo's identity.</summary>
    public SiloAddress Address => Cluster.LocalSilo;

    /// <summary>The grain factory of this silo (calls enter the cluster here).</summary>
    public Runtime.IGrainFactory Grains => _services.GetRequiredService<Runtime.IGrainFactory>();

    /// <summary>The silo's lifecycle.</summary>
    public Silo Silo => _services.GetRequiredService<Silo>();

    /// <summary>The silo's cluster side (membership, view).</summary>
    public ClusterSilo Cluster => _services.GetRequiredService<ClusterSilo>();

    /// <summary>All services.</summary>
    public IServiceProvider Services => _services;

    // The silo's other hosted services (reminders, stream agents, dispatchers), as a host would run them.
    private IReadOnlyList<IHostedService> Background =>
        [.. _services.GetServices<IHostedService>().Where(s => s is not MemberCard.Runtime.Hosting.Silo)];

    internal async Task StartAsync()
    {
        await Silo.StartAsync(CancellationToken.None);
        foreach (var service in Background) await service.StartAsync(CancellationToken.None);
    }

    /// <summary>Stops the silo gracefully (leaves membership, deactivates grains).</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _state, 1) == 1) return;
        foreach (var service in Background.Reverse()) await service.StopAsync(CancellationToken.None);
        await Silo.StopAsync(CancellationToken.None);
    }

    /// <summary>
    /// Kills the silo: it stops answering at once and leaves nothing behind on purpose; as a dead process, it commits
    /// no more writes and its background services stop.
    /// </summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _state, 1) == 1) return;
        await Cluster.CrashAsync();
        foreach (var service in Background.Reverse()) await service.StopAsync(CancellationToken.None);
    }

    internal void OnTerminated()
    {
        WasTerminated = true;
        _ = KillAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}
