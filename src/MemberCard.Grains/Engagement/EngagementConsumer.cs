using MemberCard.Grains.Shared;
using System.Collections.Concurrent;
using MemberCard.Abstractions.Cards;
using MemberCard.Storage.Streams;

namespace MemberCard.Grains.Engagement;

/// <summary>
/// What the "engagement-events" consumer grain does with member and card events: hands each event to the
/// engagement grain of its member. Card events find their member through the card (cached: a card never changes
/// member). Streams of different members are delivered in parallel, each stream in order.
/// </summary>
public sealed class EngagementConsumer(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, string> _cardMembers = new();

    /// <summary>Hands the events to their members' engagement grains.</summary>
    public Task DeliverAsync(IReadOnlyList<OutboxEvent> events) =>
        Task.WhenAll(events.GroupBy(e => e.Source).Select(async stream =>
        {
            foreach (var item in stream)
            {
                var member = await MemberOfAsync(item);
                if (member is not null) await grains.GetGrain<IMemberEngagementGrain>(member).ObserveAsync(item);
            }
        }));

    private async Task<string?> MemberOfAsync(OutboxEvent item)
    {
        if (item.Namespace == "member") return item.Kind == "member.registered" ? item.Key : null;
        if (_cardMembers.TryGetValue(item.Key, out var cached)) return cached;
        var card = await grains.GrainOf<ICardGrain>(item.Key).GetAsync();
        if (card is null) return null;
        return _cardMembers[item.Key] = card.MemberId;
    }
}
