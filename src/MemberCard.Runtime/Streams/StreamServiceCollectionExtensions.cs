using MemberCard.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MemberCard.Runtime.Streams;

/// <summary>Registers the outbox reader.</summary>
public static class StreamServiceCollectionExtensions
{
    /// <summary>
    /// The outbox reader the Orleans stream provider uses: the SQL one when a storage provider registered an
    /// <see cref="IProjectionDatabase"/>, else the in-memory one over <see cref="InMemoryGrainStorage"/>.
    /// </summary>
    public static IServiceCollection TryAddStreamQueueStore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStreamQueueStore>(sp => sp.GetService<IProjectionDatabase>() is { } database
            ? new SqlStreamQueueStore(database)
            : new InMemoryStreamQueueStore(
                sp.GetRequiredService<IGrainStorage>() as InMemoryGrainStorage
                    ?? throw new InvalidOperationException("Streams need a storage provider with an IProjectionDatabase, or the in-memory storage."),
                sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
