using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.Membership;
using MemberCard.Runtime.Messaging;
using MemberCard.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemberCard.Runtime.Hosting;

/// <summary>Turns a silo into a member of a cluster (see docs/cluster.md).</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Adds membership, the directory registrar, placement, the silo-to-silo transport and the call router, and
    /// replaces the single-silo <see cref="IClusterView"/>. A membership table (<see cref="IMembershipTable"/>) and
    /// a grain directory (<see cref="GrainDirectory.IGrainDirectory"/>) must be registered too (PostgreSQL, or in memory in tests).
    /// </summary>
    public static IServiceCollection AddMemberCardCluster(this IServiceCollection services, Action<ClusterOptions>? configure = null)
    {
        services.AddOptions<ClusterOptions>();
        if (configure is not null) services.Configure(configure);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ClusterOptions>>().Value);
        services.TryAddSingleton(sp => new SiloListener(sp.GetRequiredService<ClusterOptions>(), sp.GetRequiredService<ILogger<SiloListener>>()));
        services.TryAddSingleton(sp => new MembershipClusterView(SiloAddress.New(
            sp.GetRequiredService<ClusterOptions>().AdvertisedHost, sp.GetRequiredService<SiloListener>().Port, sp.GetRequiredService<TimeProvider>())));
        services.Replace(ServiceDescriptor.Singleton<IClusterView>(sp => sp.GetRequiredService<MembershipClusterView>()));
        services.TryAddSingleton(sp => PlacementFor(sp.GetRequiredService<ClusterOptions>().Placement));
        services.TryAddSingleton<ISiloTerminator>(sp => new HostSiloTerminator(sp.GetService<IHostApplicationLifetime>()));
        services.TryAddSingleton(sp => new ClusterSilo(
            sp.GetRequiredService<GrainRuntime>(),
            sp.GetRequiredService<ClusterOptions>(),
            sp.GetRequiredService<SiloListener>(),
            sp.GetRequiredService<MembershipClusterView>(),
            sp.GetRequiredService<IMembershipTable>(),
            sp.GetRequiredService<GrainDirectory.IGrainDirectory>(),
            sp.GetRequiredService<IPlacementDirector>(),
            sp.GetRequiredService<ISiloTerminator>(),
            sp.GetServices<IRemoteExceptionCodec>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<ClusterSilo>());
        return services;
    }

    /// <summary>The placement director named <paramref name="name"/>: hash, random or local.</summary>
    public static IPlacementDirector PlacementFor(string name) => name.ToLowerInvariant() switch
    {
        "hash" => new HashPlacementDirector(),
        "random" => new RandomPlacementDirector(),
        "local" or "prefer-local" => new PreferLocalPlacementDirector(),
        _ => throw new InvalidOperationException($"Unknown placement '{name}'; use hash, random or local."),
    };

    private sealed class HostSiloTerminator(IHostApplicationLifetime? lifetime) : ISiloTerminator
    {
        // Orleans kills the process; stopping the host is gentler and still ends the process, and the
        // version checks of storage refuse whatever a dead-declared silo still tries to write.
        public void Terminate(string reason) => lifetime?.StopApplication();
    }
}
