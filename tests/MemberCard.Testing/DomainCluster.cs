using MemberCard.Grains;
using MemberCard.Grains.Engagement;
using MemberCard.Grains.Notifications;
using MemberCard.Grains.Reporting;
using MemberCard.Runtime.Storage;
using MemberCard.Storage.State;
using MemberCard.Storage.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Reminders;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.TestingHost;

namespace MemberCard.Testing;

/// <summary>
/// The domain grains on Orleans' in-process test cluster: N silos on one shared transactional storage, configured
/// as the server configures its silo (grains, engagement, state facet, reminders; streams when asked), with an
/// optional fake clock. Tests call grains through a silo's own grain factory, as the co-hosted REST front door does.
/// </summary>
public sealed class DomainCluster : IAsyncDisposable
{
    private static readonly string[] RealTimeAreas =
    [
        TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
        TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory, StreamingTimeProviderNames.Streaming,
    ];

    private readonly DomainClusterOptions _options;
    private readonly Dictionary<(GrainId Grain, string Name, string ETag), DateTime> _lastTicks = [];

    private DomainCluster(DomainClusterOptions options, IGrainStorage storage, InProcessTestCluster cluster)
    {
        _options = options;
        Storage = storage;
        Cluster = cluster;
    }

    /// <summary>Orleans' test cluster itself (silos to add, stop or kill).</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>The storage every silo writes to.</summary>
    public IGrainStorage Storage { get; }

    /// <summary>The silos running now.</summary>
    public IReadOnlyList<InProcessSiloHandle> Silos => Cluster.Silos;

    /// <summary>The first running silo's grain factory.</summary>
    public IGrainFactory Grains => GrainsOf(Silos[0]);

    /// <summary>The first running silo's services.</summary>
    public IServiceProvider Services => Silos[0].ServiceProvider;

    /// <summary>The grain factory of <paramref name="silo"/> (calls enter the cluster there).</summary>
    public static IGrainFactory GrainsOf(InProcessSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.ServiceProvider.GetRequiredService<IGrainFactory>();
    }

    /// <summary>Builds and starts the cluster.</summary>
    public static async Task<DomainCluster> StartAsync(DomainClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var storage = options.Storage ?? new InMemoryGrainStorage(options.Clock ?? TimeProvider.System);
        var builder = new InProcessTestClusterBuilder(options.Silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => Configure(silo, options, storage));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return new DomainCluster(options, storage, cluster);
    }

    /// <summary>
    /// Fires, through the grains' <c>IRemindable.ReceiveReminder</c>, each registered reminder with a tick due
    /// on the silos' clock since its last one (one tick per call, as Orleans fires a late reminder once); returns how
    /// many fired. For clusters with <see cref="DomainClusterOptions.RemindersFiredByTest"/>.
    /// </summary>
    public async Task<int> FireDueRemindersAsync()
    {
        var now = (_options.Clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var table = Services.GetRequiredService<IReminderTable>();
        var fired = 0;
        foreach (var row in (await table.ReadRows(0, 0)).Reminders.OrderBy(r => r.StartAt))
        {
            if (row.StartAt > now) continue;
            var periods = row.Period > TimeSpan.Zero ? (now - row.StartAt).Ticks / row.Period.Ticks : 0;
            var tick = row.StartAt + TimeSpan.FromTicks(periods * row.Period.Ticks);
            var key = (row.GrainId, row.ReminderName, row.ETag ?? "");
            if (_lastTicks.TryGetValue(key, out var last) && last >= tick) continue;
            _lastTicks[key] = tick;
            await Grains.GetGrain<IRemindable>(row.GrainId).ReceiveReminder(row.ReminderName, new TickStatus(row.StartAt, row.Period, now));
            fired++;
        }
        return fired;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (_options.DisposeStorage && Storage is IAsyncDisposable storage) await storage.DisposeAsync();
    }

    private static void Configure(ISiloBuilder silo, DomainClusterOptions options, IGrainStorage storage)
    {
        var services = silo.Services;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(options.Settings).Build();
        if (options.Clock is { } clock)
        {
            services.AddSingleton<TimeProvider>(clock);
            foreach (var area in RealTimeAreas) services.AddKeyedSingleton(area, TimeProvider.System);
        }
        // Registered as instances, never through a factory: a silo's container disposes what its factories return,
        // and the storage outlives each silo (AddMemberCardCampaigns would add the scanner through one).
        services.AddSingleton(storage);
        if (storage is IStorageInitializer initializer) services.AddSingleton(initializer);
        if (storage is IGrainStateScanner scanner) services.AddSingleton(scanner);
        services.AddMemberCardGrains(configuration);
        services.AddMemberCardEngagement(configuration);
        silo.AddAtomicState();
        options.Reminders(silo);
        if (options.RemindersFiredByTest)
            services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, new ClockWithoutTimers(options.Clock ?? TimeProvider.System));
        if (options.Streams)
        {
            services.AddMemberCardReporting(configuration);
            services.AddMemberCardNotifications(configuration);
            silo.AddOutboxStreams(o => configuration.GetSection("Streams").Bind(o));
            foreach (var consumer in OutboxConsumers.All) silo.AddOutboxConsumer(consumer);
        }
        options.ConfigureSilo?.Invoke(silo);
    }
}
