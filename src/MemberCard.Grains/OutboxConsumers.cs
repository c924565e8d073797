using MemberCard.Grains.Activities;
using MemberCard.Grains.Engagement;
using MemberCard.Grains.Notifications;
using MemberCard.Grains.Reporting;
using MemberCard.Runtime.Streams;
using MemberCard.Storage.Streams;

namespace MemberCard.Grains;

/// <summary>
/// The outbox consumers as Orleans grains: each implicitly subscribes to the grain types whose events it reads, one
/// activation per (type, queue) stream, and hands Orleans' batches to its consumer. Their grain types name them in the
/// dead-letter table.
/// </summary>
public static class OutboxConsumers
{
    /// <summary>The consumers' grain types (dead letters are recorded under them).</summary>
    public static readonly IReadOnlyList<string> All = [ReportsConsumerGrain.Name, NotificationsConsumerGrain.Name, EngagementConsumerGrain.Name,
        ActivityPointsConsumerGrain.Name];

    internal static IReadOnlyList<StreamEvent> AsStreamEvents(IReadOnlyList<OutboxEvent> events) => [.. events.Select(e => e.ToStreamEvent())];
}

/// <summary>Folds card, member and coupon events into the report tables (<see cref="ReportProjection"/>).</summary>
[GrainType(Name), ImplicitStreamSubscription("card"), ImplicitStreamSubscription("member"), ImplicitStreamSubscription("coupon-issuer")]
public sealed class ReportsConsumerGrain(ReportProjection projection) : OutboxConsumerGrain
{
    /// <summary>The consumer's name.</summary>
    public const string Name = ReportProjection.ConsumerName;

    /// <inheritdoc />
    protected override Task ApplyAsync(IReadOnlyList<OutboxEvent> events) => projection.DeliverAsync(OutboxConsumers.AsStreamEvents(events), default);
}

/// <summary>Renders card, engagement and member (phone change) events into notifications (<see cref="NotificationConsumer"/>).</summary>
[GrainType(Name), ImplicitStreamSubscription("card"), ImplicitStreamSubscription("engagement"), ImplicitStreamSubscription("member")]
public sealed class NotificationsConsumerGrain(NotificationConsumer consumer) : OutboxConsumerGrain
{
    /// <summary>The consumer's name.</summary>
    public const string Name = "notifications";

    /// <inheritdoc />
    protected override Task ApplyAsync(IReadOnlyList<OutboxEvent> events) => consumer.DeliverAsync(OutboxConsumers.AsStreamEvents(events), default);
}

/// <summary>Hands member and card events to each member's engagement grain (<see cref="EngagementConsumer"/>).</summary>
[GrainType(Name), ImplicitStreamSubscription("member"), ImplicitStreamSubscription("card")]
public sealed class EngagementConsumerGrain(EngagementConsumer consumer) : OutboxConsumerGrain
{
    /// <summary>The consumer's name (the member engagement grains themselves are "engagement").</summary>
    public const string Name = "engagement-events";

    /// <inheritdoc />
    protected override Task ApplyAsync(IReadOnlyList<OutboxEvent> events) => consumer.DeliverAsync(events);
}
