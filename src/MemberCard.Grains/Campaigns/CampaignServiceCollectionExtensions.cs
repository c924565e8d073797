using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MemberCard.Grains.Campaigns;

/// <summary>Registers campaigns: the campaign and issuer grains, the coupon book and the reminder that starts and resumes issuance.</summary>
public static class CampaignServiceCollectionExtensions
{
    /// <summary>Adds campaigns; settings from the "Campaigns" section.</summary>
    public static IServiceCollection AddMemberCardCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CampaignOptions>(configuration.GetSection("Campaigns"));
        services.Configure<GrainSerializerOptions>(o => o.Json.TypeInfoResolverChain.Add(CampaignJsonContext.Default));
        // Every provider implements the scan; a storage that does not (a test wrapper) fails issuance only, at first use.
        services.TryAddSingleton(sp => sp.GetRequiredService<IGrainStorage>() as IGrainStateScanner ?? new MissingStateScanner());
        services.TryAddSingleton<CouponBook>();
        return services;
    }
}
