using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Grains.Activities;

/// <summary>Registers member activities: their options and their stored JSON.</summary>
public static class ActivityServiceCollectionExtensions
{
    /// <summary>Adds activities; settings from the "Activities" section.</summary>
    public static IServiceCollection AddMemberCardActivities(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ActivityOptions>(configuration.GetSection("Activities"));
        services.Configure<GrainSerializerOptions>(o => o.Json.TypeInfoResolverChain.Add(ActivityJsonContext.Default));
        return services;
    }
}
