using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Abstractions.Rules;
using MemberCard.Abstractions.Stores;
using MemberCard.Grains.Access;
using MemberCard.Grains.Audit;
using MemberCard.Grains.Campaigns;
using MemberCard.Grains.Cards;
using MemberCard.Grains.Members;
using MemberCard.Grains.Privacy;
using MemberCard.Grains.Rules;
using MemberCard.Grains.Stores;
using MemberCard.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Grains;

/// <summary>Registers the domain: grains, rules, the phone index and the personal-data cipher.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>Adds every MemberCard grain; rules come from the "Rules" section, phone index keys from "PhoneIndex",
    /// encryption keys from "PersonalData".</summary>
    public static IServiceCollection AddMemberCardGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LoyaltyRules>(configuration.GetSection("Rules"));
        services.Configure<PhoneIndexOptions>(configuration.GetSection("PhoneIndex"));
        services.Configure<GrainSerializerOptions>(o => o.Json.TypeInfoResolverChain.Insert(0, GrainJsonContext.Default));
        services.Configure<PersonalDataOptions>(configuration.GetSection("PersonalData"));
        services.AddSingleton<PhoneIndex>();
        services.AddSingleton<PersonalDataCipher>();
        services.AddGrain<IStoreGrain, StoreGrain>();
        services.AddGrain<IMemberGrain, MemberGrain>();
        services.AddGrain<ICardGrain, CardGrain>();
        services.AddGrain<IApiKeyGrain, ApiKeyGrain>();
        services.AddGrain<IApiKeyRegistryGrain, ApiKeyRegistryGrain>();
        services.AddGrain<IStaffDirectoryGrain, StaffDirectoryGrain>();
        services.AddGrain<IAuditGrain, AuditGrain>();
        services.AddGrain<IRulesGrain, RulesGrain>();
        services.AddMemberCardCampaigns(configuration);
        return services;
    }
}
