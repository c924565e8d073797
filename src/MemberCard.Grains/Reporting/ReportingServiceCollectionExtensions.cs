using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Grains.Reporting;

/// <summary>Registers reporting: the "reports" stream consumer and the report queries.</summary>
public static class ReportingServiceCollectionExtensions
{
    /// <summary>Adds reporting; settings come from the "Reports" section. Needs streams and a database storage provider.</summary>
    public static IServiceCollection AddMemberCardReporting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReportOptions>(configuration.GetSection("Reports"));
        services.AddSingleton<ReportProjection>();
        services.AddSingleton<ReportQueries>();
        return services;
    }
}
