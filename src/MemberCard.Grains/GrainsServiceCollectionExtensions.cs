using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Abstractions.Stores;
using MemberCard.Grains.Access;
using MemberCard.Grains.Cards;
using MemberCard.Grains.Members;
using MemberCard.Grains.Rules;
using MemberCard.Grains.Stores;
using MemberCard.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Grains;

/// <summary>Registers the domain: grains, rules and the phone index.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>Adds every MemberCard grain; rules come from the "Rules" section, phone index keys from "PhoneIndex".</summary>
    public static IServiceCollection AddMemberCardGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LoyaltyRules>(configuration.GetSection("Rules"));
        services.Configure<PhoneIndexOptions>(configuration.GetSection("PhoneIndex"));
        services.Configure<GrainSerializerOptions>(o => o.Json.TypeInfoResolverChain.Insert(0, GrainJsonContext.Default));
        services.AddSingleton<PhoneIndex>();
        services.AddGrain<IStoreGrain, StoreGrain>();
        services.AddGrain<IMemberGrain, MemberGrain>();
        services.AddGrain<ICardGrain, CardGrain>();
        services.AddGrain<IApiKeyGrain, ApiKeyGrain>();
        return services;
    }
}
