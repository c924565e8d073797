using MemberCard.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace MemberCard.Storage.Streams;

/// <summary>Adds the outbox as an Orleans persistent stream provider.</summary>
public static class OutboxStreamsSiloBuilderExtensions
{
    /// <summary>The stream provider name grains use.</summary>
    public const string ProviderName = "outbox";

    /// <summary>
    /// Orleans persistent streams over the outbox: Orleans' pulling agents read it through our queue adapter (SQL when a
    /// storage provider registered an <see cref="IProjectionDatabase"/>, else the in-memory storage's outbox) and deliver
    /// to implicitly subscribed consumer grains. Only implicit subscriptions: no pub-sub store is needed.
    /// </summary>
    public static ISiloBuilder AddOutboxStreams(
        this ISiloBuilder builder, Action<OutboxStreamOptions>? configure = null, Action<ISiloPersistentStreamConfigurator>? configureStream = null)
    {
        var services = builder.Services;
        var options = services.AddOptions<OutboxStreamOptions>(ProviderName);
        if (configure is not null) options.Configure(configure);
        services.TryAddStreamQueueStore();
        builder.AddPersistentStreams(ProviderName, OutboxQueueAdapterFactory.Create, stream =>
        {
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            configureStream?.Invoke(stream);
        });
        return builder;
    }

    /// <summary>Names a consumer grain type, so dead letters of its subscriptions carry its name.</summary>
    public static ISiloBuilder AddOutboxConsumer(this ISiloBuilder builder, string grainType)
    {
        builder.Services.AddSingleton(new OutboxConsumerType(grainType));
        return builder;
    }
}
