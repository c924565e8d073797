using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MemberCard.Grains.Mall;

/// <summary>Registers the points mall: its stored JSON and the catalogue reader.</summary>
public static class MallServiceCollectionExtensions
{
    /// <summary>Adds the points mall.</summary>
    public static IServiceCollection AddMemberCardMall(this IServiceCollection services)
    {
        services.Configure<GrainSerializerOptions>(o => o.Json.TypeInfoResolverChain.Add(MallJsonContext.Default));
        services.TryAddSingleton<MallCatalogue>();
        return services;
    }
}
