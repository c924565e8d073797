using MemberCard.Runtime.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Grains.Engagement;

/// <summary>Registers birthday gifts, churn recall and the expired-claim sweep.</summary>
public static class EngagementServiceCollectionExtensions
{
    /// <summary>Adds the engagement grain and consumer and the claim sweeper; needs streams and reminders.</summary>
    public static IServiceCollection AddMemberCardEngagement(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EngagementOptions>(configuration.GetSection("Engagement"));
        services.Configure<GrainSerializerOptions>(o => o.Json.TypeInfoResolverChain.Insert(0, EngagementJsonContext.Default));
        services.AddSingleton<EngagementConsumer>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ClaimSweepRegistration>();
        return services;
    }

    /// <summary>
    /// Makes sure the daily claim sweep is scheduled once the silo is active (once per cluster: the reminder row is
    /// shared, and the sweeper registers it only when it has none).
    /// </summary>
    private sealed class ClaimSweepRegistration(IServiceProvider services, IGrainFactory grains) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(ClaimSweepRegistration), ServiceLifecycleStage.Active, StartAsync);

        private Task StartAsync(CancellationToken cancellationToken) =>
            services.GetService(typeof(IProjectionDatabase)) is null ? Task.CompletedTask
                : grains.GetGrain<IClaimSweeperGrain>(ClaimSweeperGrain.ChainKey).EnsureScheduledAsync();
    }
}
