using MemberCard.Abstractions.Activities;
using MemberCard.Grains.Shared;
using MemberCard.Storage.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Grains.Activities;

/// <summary>
/// The backstop of activity points: every committed <c>activity.checked_in</c> reaches the member's card at least once
/// (the outbox), and the card credits it once (its claim). A check-in whose silo died before the card's write is paid
/// here. A card that refuses (closed) fails the event, which is retried and then dead-lettered under this consumer.
/// </summary>
[GrainType(Name), ImplicitStreamSubscription("activity")]
public sealed class ActivityPointsConsumerGrain : OutboxConsumerGrain
{
    /// <summary>The consumer's name (dead letters are recorded under it).</summary>
    public const string Name = "activity-points";

    /// <inheritdoc />
    protected override async Task ApplyAsync(IReadOnlyList<OutboxEvent> events)
    {
        var serializer = ServiceProvider.GetRequiredService<GrainSerializer>();
        foreach (var item in events)
        {
            if (item.Kind != ActivityKeys.CheckedIn) continue;
            var award = serializer.Deserialize<AwardActivityPoints>(item.Json);
            await GrainFactory.GrainOf<ICardActivityPointsGrain>(award.CardNo).AwardActivityPointsAsync(award);
        }
    }
}
