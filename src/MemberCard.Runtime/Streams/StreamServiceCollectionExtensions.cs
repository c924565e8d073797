using MemberCard.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MemberCard.Runtime.Streams;

/// <summary>Registers persistent streams.</summary>
public static class StreamServiceCollectionExtensions
{
    /// <summary>
    /// Adds the stream agents (a hosted service; register it after the silo so storage is migrated first). The queue
    /// store is the SQL one when a storage provider registered an <see cref="IProjectionDatabase"/>, else the
    /// in-memory one over <see cref="InMemoryGrainStorage"/>.
    /// </summary>
    public static IServiceCollection AddMemberCardStreams(this IServiceCollection services, Action<StreamOptions>? configure = null)
    {
        services.AddOptions<StreamOptions>();
        if (configure is not null) services.Configure(configure);
        services.TryAddSingleton<IStreamQueueStore>(sp => sp.GetService<IProjectionDatabase>() is { } database
            ? new SqlStreamQueueStore(database)
            : new InMemoryStreamQueueStore(
                sp.GetRequiredService<IGrainStorage>() as InMemoryGrainStorage
                    ?? throw new InvalidOperationException("Streams need a storage provider with an IProjectionDatabase, or the in-memory storage."),
                sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<StreamAgentHost>();
        services.TryAddSingleton<StreamLag>();
        services.AddHostedService(sp => sp.GetRequiredService<StreamAgentHost>());
        return services;
    }

    /// <summary>Registers a consumer; it receives every event of the namespaces it names.</summary>
    public static IServiceCollection AddStreamConsumer<TConsumer>(this IServiceCollection services)
        where TConsumer : class, IStreamConsumer
    {
        services.TryAddSingleton<TConsumer>();
        services.AddSingleton<IStreamConsumer>(sp => sp.GetRequiredService<TConsumer>());
        return services;
    }
}
