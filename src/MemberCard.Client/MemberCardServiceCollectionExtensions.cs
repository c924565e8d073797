using MemberCard.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="MemberCardClient"/> with an <see cref="IHttpClientFactory"/> client and its retry handler.</summary>
public static class MemberCardServiceCollectionExtensions
{
    /// <summary>The name of the factory's HTTP client.</summary>
    public const string HttpClientName = "MemberCard.Client";

    /// <summary>
    /// Adds <see cref="MemberCardClient"/> (transient, over a pooled handler). The returned builder can add handlers below the
    /// retries or replace the primary handler.
    /// </summary>
    public static IHttpClientBuilder AddMemberCardClient(this IServiceCollection services, Action<MemberCardClientOptions> configure)
    {
        if (services is null) throw new ArgumentNullException(nameof(services));
        if (configure is null) throw new ArgumentNullException(nameof(configure));
        services.AddOptions<MemberCardClientOptions>().Configure(configure);
        var builder = services.AddHttpClient(HttpClientName, (provider, http) =>
        {
            var options = Options(provider);
            options.Validate();
            MemberCardClient.Configure(http, options);
        });
        builder.AddResilienceHandler("MemberCard.Retry", (pipeline, context) => RetryPipeline.Configure(pipeline, Options(context.ServiceProvider)));
        services.TryAddTransient(provider => new MemberCardClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        return builder;
    }

    private static MemberCardClientOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<MemberCardClientOptions>>().Value;
}
