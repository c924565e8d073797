using MemberCard.Runtime.GrainDirectory;
using MemberCard.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MemberCard.Runtime.Postgres;

/// <summary>Registers the PostgreSQL membership table and grain directory.</summary>
public static class PostgresClusterServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PostgresMembershipTable"/> and <see cref="PostgresGrainDirectory"/> on one connection pool.
    /// Their tables come with the storage migrations, so PostgreSQL grain storage must be registered as well.
    /// </summary>
    public static IServiceCollection AddPostgresClustering(this IServiceCollection services, Action<PostgresClusterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.AddSingleton(sp => new PostgresClusterDataSource(NpgsqlDataSource.Create(
            sp.GetRequiredService<IOptions<PostgresClusterOptions>>().Value.ConnectionString)));
        services.AddSingleton<IMembershipTable>(sp => new PostgresMembershipTable(
            sp.GetRequiredService<PostgresClusterDataSource>().DataSource,
            sp.GetRequiredService<IOptions<PostgresClusterOptions>>().Value.ClusterId,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IGrainDirectory>(sp => new PostgresGrainDirectory(
            sp.GetRequiredService<PostgresClusterDataSource>().DataSource,
            sp.GetRequiredService<IOptions<PostgresClusterOptions>>().Value.ClusterId,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }

    // Owned by the container, so the pool closes with it.
    private sealed class PostgresClusterDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable
    {
        public NpgsqlDataSource DataSource { get; } = dataSource;

        public ValueTask DisposeAsync() => DataSource.DisposeAsync();
    }
}
