using MemberCard.Runtime.Catalog;
using MemberCard.Runtime.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MemberCard.Runtime.Hosting;

/// <summary>Registers the runtime. Every default is added with TryAdd so tests and hosts can replace it.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>Adds a silo: catalog, grain factory, idle collector and the hosted lifecycle.</summary>
    public static IServiceCollection AddMemberCardSilo(this IServiceCollection services, Action<SiloOptions>? configure = null)
    {
        services.AddOptions<SiloOptions>();
        if (configure is not null) services.Configure(configure);
        services.AddOptions<GrainSerializerOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new GrainSerializer(sp.GetRequiredService<IOptions<GrainSerializerOptions>>().Value.Json));
        services.TryAddSingleton<GrainTypeRegistry>();
        services.TryAddSingleton<IClusterView>(sp => new SingleSiloClusterView(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<GrainRuntime>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>().GrainFactory);
        services.TryAddSingleton<Silo>();
        services.AddHostedService(sp => sp.GetRequiredService<Silo>());
        return services;
    }

    /// <summary>Registers a grain class as the implementation of a grain contract.</summary>
    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services)
        where TInterface : class, IGrainWithStringKey
        where TGrain : Grain, TInterface
    {
        services.AddSingleton(new GrainRegistration(typeof(TInterface), typeof(TGrain)));
        return services;
    }
}
