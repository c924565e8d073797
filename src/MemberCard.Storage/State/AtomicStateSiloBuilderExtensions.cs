using MemberCard.Runtime;
using MemberCard.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MemberCard.Storage.State;

/// <summary>Adds the transactional grain state to a silo.</summary>
public static class AtomicStateSiloBuilderExtensions
{
    /// <summary>
    /// Lets grains take <c>[AtomicState] IAtomicState&lt;TState&gt;</c> in their constructors, over the
    /// transactional storage provider registered in the container (SQLite, PostgreSQL or in memory), and retries a
    /// call refused for stale state once. Registered with TryAdd, so a host may replace each piece.
    /// </summary>
    public static ISiloBuilder AddAtomicState(this ISiloBuilder builder, Action<AtomicStateOptions>? configure = null)
    {
        var services = builder.Services;
        services.AddOptions<AtomicStateOptions>();
        if (configure is not null) services.Configure(configure);
        services.AddOptions<GrainSerializerOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new GrainSerializer(sp.GetRequiredService<IOptions<GrainSerializerOptions>>().Value.Json));
        services.TryAddSingleton<GrainStateWriter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<GrainStateWriter>());
        services.TryAddSingleton<IAttributeToFactoryMapper<AtomicStateAttribute>, AtomicStateAttributeMapper>();
        builder.AddOutgoingGrainCallFilter<RetryOnceFilter>();
        return builder;
    }
}
