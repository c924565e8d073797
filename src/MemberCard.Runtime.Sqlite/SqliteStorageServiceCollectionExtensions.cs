using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MemberCard.Runtime.Sqlite;

/// <summary>Registers the SQLite grain storage.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SqliteGrainStorage"/> as a singleton serving both <see cref="IGrainStorage"/> and
    /// <see cref="IStorageInitializer"/>, and the same database as <see cref="IProjectionDatabase"/>. A registered <see cref="TimeProvider"/> is used when present.
    /// </summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.AddSingleton(sp => new SqliteGrainStorage(
            sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value, sp.GetService<TimeProvider>()));
        services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<SqliteGrainStorage>());
        services.AddSingleton<IStorageInitializer>(sp => sp.GetRequiredService<SqliteGrainStorage>());
        services.AddSingleton<IProjectionDatabase>(sp => new SqliteProjectionDatabase(sp.GetRequiredService<SqliteGrainStorage>()));
        return services;
    }
}
