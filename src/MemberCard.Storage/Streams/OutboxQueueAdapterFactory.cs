using MemberCard.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace MemberCard.Storage.Streams;

/// <summary>
/// Builds the outbox adapter for <c>AddPersistentStreams</c>: Orleans' pulling agents, queue balancer, cache and
/// implicit subscriptions do the delivering; this supplies the queues and the reading.
/// </summary>
internal sealed class OutboxQueueAdapterFactory(
    string name, IStreamQueueStore store, OutboxStreamOptions options, SimpleQueueCacheOptions cacheOptions,
    OutboxDeliveryFailureHandler failures, OutboxReplayer replayer, ILocalSiloDetails silo, TimeProvider clock, ILoggerFactory loggers) : IQueueAdapterFactory
{
    private readonly OutboxQueueMapper _mapper = new(options.QueueCount);
    private readonly SimpleQueueAdapterCache _cache = new(cacheOptions, name, loggers);

    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) =>
        Task.FromResult<IQueueAdapter>(new OutboxQueueAdapter(name, store, options, silo.SiloAddress.ToParsableString(), failures, replayer, clock, loggers));

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(failures);

    /// <summary>The factory Orleans calls for the provider <paramref name="name"/>.</summary>
    public static IQueueAdapterFactory Create(IServiceProvider services, string name) => new OutboxQueueAdapterFactory(
        name,
        services.GetRequiredService<IStreamQueueStore>(),
        services.GetRequiredService<IOptionsMonitor<OutboxStreamOptions>>().Get(name),
        services.GetRequiredService<IOptionsMonitor<SimpleQueueCacheOptions>>().Get(name),
        ActivatorUtilities.CreateInstance<OutboxDeliveryFailureHandler>(services, name),
        ActivatorUtilities.CreateInstance<OutboxReplayer>(services),
        services.GetRequiredService<ILocalSiloDetails>(),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILoggerFactory>());
}
