using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MemberCard.Runtime.Postgres;

/// <summary>Registers the PostgreSQL grain storage.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PostgresGrainStorage"/> as a singleton serving both <see cref="IGrainStorage"/> and
    /// <see cref="IStorageInitializer"/>, and the same database as <see cref="IProjectionDatabase"/>. A registered <see cref="TimeProvider"/> is used when present.
    /// </summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.AddSingleton(sp => new PostgresGrainStorage(
            sp.GetRequiredService<IOptions<PostgresStorageOptions>>().Value, sp.GetService<TimeProvider>()));
        services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<PostgresGrainStorage>());
        services.AddSingleton<IStorageInitializer>(sp => sp.GetRequiredService<PostgresGrainStorage>());
        services.AddSingleton<IProjectionDatabase>(sp => new PostgresProjectionDatabase(sp.GetRequiredService<IOptions<PostgresStorageOptions>>().Value));
        return services;
    }
}
