using MemberCard.Runtime;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Reminders;
using MemberCard.Runtime.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MemberCard.Grains.Engagement;

/// <summary>Registers birthday gifts, churn recall and the expired-claim sweep.</summary>
public static class EngagementServiceCollectionExtensions
{
    /// <summary>Adds the engagement grain and consumer and the claim sweeper; needs streams and reminders.</summary>
    public static IServiceCollection AddMemberCardEngagement(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EngagementOptions>(configuration.GetSection("Engagement"));
        services.Configure<GrainSerializerOptions>(o => o.Json.TypeInfoResolverChain.Insert(0, EngagementJsonContext.Default));
        services.AddGrain<IMemberEngagementGrain, MemberEngagementGrain>();
        services.AddRemindable<IMemberEngagementGrain>();
        services.AddGrain<IClaimSweeperGrain, ClaimSweeperGrain>();
        services.AddRemindable<IClaimSweeperGrain>();
        services.AddStreamConsumer<EngagementConsumer>();
        services.AddHostedService<ClaimSweepRegistration>();
        return services;
    }

    /// <summary>Makes sure the daily claim sweep is scheduled (once per cluster: the reminder row is shared).</summary>
    private sealed class ClaimSweepRegistration(IReminderRegistry reminders, IServiceProvider services) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (services.GetService(typeof(IProjectionDatabase)) is null) return;
            var sweeper = new GrainId("claimsweeper", "chain");
            if (await reminders.GetAsync(sweeper, ClaimSweeperGrain.SweepReminder, cancellationToken) is null)
                await reminders.RegisterOrUpdateAsync(sweeper, ClaimSweeperGrain.SweepReminder, TimeSpan.FromHours(1), TimeSpan.FromDays(1), cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
