using MemberCard.Grains.Activities;
using MemberCard.Grains.Campaigns;
using MemberCard.Grains.Mall;
using MemberCard.Grains.Members;
using MemberCard.Grains.Privacy;
using MemberCard.Grains.Rules;
using MemberCard.Grains.Shared;
using MemberCard.Grains.Tiers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Grains;

/// <summary>Registers the domain: grains, rules, the phone index and the personal-data cipher.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>Adds every MemberCard grain; rules come from the "Rules" section, phone and ID-number index keys from "PhoneIndex" and "IdNumberIndex",
    /// encryption keys from "PersonalData".</summary>
    public static IServiceCollection AddMemberCardGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LoyaltyRules>(configuration.GetSection("Rules"));
        services.Configure<PhoneIndexOptions>(configuration.GetSection("PhoneIndex"));
        services.Configure<IdNumberIndexOptions>(configuration.GetSection("IdNumberIndex"));
        services.Configure<GrainSerializerOptions>(o => o.Json.TypeInfoResolverChain.Insert(0, GrainJsonContext.Default));
        services.Configure<PersonalDataOptions>(configuration.GetSection("PersonalData"));
        services.Configure<ReadMostlyOptions>(configuration.GetSection("Silo:SharedReads"));
        services.Configure<TierOptions>(configuration.GetSection("Tiers"));
        services.AddSingleton<CurrentRules>();
        services.AddSingleton<CurrentApiKeys>();
        services.AddSingleton<CurrentStores>();
        services.AddSingleton<PhoneIndex>();
        services.AddSingleton<IdNumberIndex>();
        services.AddSingleton<PhoneMessages>();
        services.AddSingleton<PersonalDataCipher>();
        services.AddMemberCardCampaigns(configuration);
        services.AddMemberCardActivities(configuration);
        services.AddMemberCardMall();
        return services;
    }
}
