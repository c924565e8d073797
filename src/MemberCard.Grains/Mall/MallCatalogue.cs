using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Mall;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Mall;

/// <summary>
/// Reads the points mall from its committed facts: the rewards directory log (each reward read from its grain, so a
/// status is never stale), the store and member order logs (each order's status from its grain), the limit claims,
/// and the exchange and cancellation logs (reports). Nothing here writes.
/// </summary>
public sealed class MallCatalogue(IGrainStorage storage, IGrainFactory grains, GrainSerializer serializer, TimeProvider clock)
{
    private const int PageSize = 500;

    /// <summary>Every reward, newest first; optionally only those of one status.</summary>
    public async Task<IReadOnlyList<RewardView>> ListRewardsAsync(string? status = null)
    {
        var result = new List<RewardView>();
        await foreach (var entry in ReadAllAsync(MallKeys.RewardsLog).ConfigureAwait(false))
        {
            var id = serializer.Deserialize<RewardListed>(entry.Json).RewardId;
            if (await grains.GetGrain<IMallRewardGrain>(id).GetAsync().ConfigureAwait(false) is not { } reward) continue;
            if (status is null || reward.Status == status) result.Add(reward);
        }
        return result;
    }

    /// <summary>
    /// What <paramref name="card"/> can exchange now at <paramref name="storeId"/>, each with how many more times the
    /// member may exchange it (null: no limit). Points are not checked: a member sees what the points are short of.
    /// </summary>
    public async Task<IReadOnlyList<(RewardView Reward, int? MemberLeft)>> ListAvailableAsync(CardView card, string storeId)
    {
        ArgumentNullException.ThrowIfNull(card);
        var now = clock.GetUtcNow();
        var result = new List<(RewardView, int?)>();
        foreach (var reward in await ListRewardsAsync(RewardStatuses.Active).ConfigureAwait(false))
        {
            if (RewardAvailability.Refusal(reward, storeId, card.Tier, now) is not null) continue;
            int? left = null;
            if (reward.Definition.PerMemberLimit is { } limit)
            {
                var used = 0;
                for (var slot = 1; slot <= limit; slot++)
                {
                    if (await storage.ReadClaimAsync(MallKeys.Limit(reward.RewardId, card.MemberId, slot)).ConfigureAwait(false) is not null) used++;
                }
                if (used >= limit) continue;
                left = limit - used;
            }
            result.Add((reward, left));
        }
        return result;
    }

    /// <summary>A store's gift orders, newest first, with their status; optionally only one status; at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<MallOrderView>> ListStoreOrdersAsync(string storeId, string? status, int limit) =>
        ListOrdersAsync(MallKeys.StoreOrdersLog(storeId), status, limit);

    /// <summary>A member's orders, newest first, with their status; at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<MallOrderView>> ListMemberOrdersAsync(string memberId, int limit) =>
        ListOrdersAsync(MallKeys.MemberOrdersLog(memberId), null, limit);

    /// <summary>Points spent in the mall, exchanges and cancellations in [from, to), optionally at one store; rewards by points spent.</summary>
    public async Task<MallFigures> FiguresAsync(DateTimeOffset from, DateTimeOffset to, string? storeId, int top)
    {
        var rewards = new Dictionary<string, (string Name, long Exchanges, long Points)>(StringComparer.Ordinal);
        long exchanges = 0, cancellations = 0, points = 0;
        await foreach (var entry in ReadRangeAsync(MallKeys.ExchangesLog, from, to).ConfigureAwait(false))
        {
            var order = serializer.Deserialize<MallOrder>(entry.Json);
            if (storeId is not null && order.StoreId != storeId) continue;
            exchanges++;
            points += order.Points;
            var r = rewards.GetValueOrDefault(order.RewardId, (order.RewardName, 0, 0));
            rewards[order.RewardId] = (order.RewardName, r.Exchanges + 1, r.Points + order.Points);
        }
        await foreach (var entry in ReadRangeAsync(MallKeys.CancellationsLog, from, to).ConfigureAwait(false))
        {
            var cancelled = serializer.Deserialize<MallOrderCancelled>(entry.Json);
            if (storeId is not null && cancelled.StoreId != storeId) continue;
            cancellations++;
            points -= cancelled.Points;
            if (rewards.TryGetValue(cancelled.RewardId, out var r)) rewards[cancelled.RewardId] = (r.Name, r.Exchanges - 1, r.Points - cancelled.Points);
        }
        var ranked = rewards.Where(r => r.Value.Exchanges > 0)
            .OrderByDescending(r => r.Value.Exchanges).ThenByDescending(r => r.Value.Points).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Take(top).Select(r => new RewardFigures(r.Key, r.Value.Name, r.Value.Exchanges, r.Value.Points)).ToList();
        return new MallFigures(points, exchanges, cancellations, ranked);
    }

    private async Task<IReadOnlyList<MallOrderView>> ListOrdersAsync(string log, string? status, int limit)
    {
        var result = new List<MallOrderView>();
        await foreach (var entry in ReadAllAsync(log).ConfigureAwait(false))
        {
            var id = serializer.Deserialize<MallOrder>(entry.Json).OrderId;
            if (await grains.GetGrain<IMallOrderGrain>(id).GetAsync().ConfigureAwait(false) is not { } order) continue;
            if (status is not null && order.Status != status) continue;
            result.Add(order);
            if (result.Count >= limit) break;
        }
        return result;
    }

    // Entries are newest first; a cancellation's entry is dated by its own commit.
    private async IAsyncEnumerable<LogEntry> ReadRangeAsync(string log, DateTimeOffset from, DateTimeOffset to)
    {
        await foreach (var entry in ReadAllAsync(log).ConfigureAwait(false))
        {
            if (entry.CreatedAt >= to) continue;
            if (entry.CreatedAt < from) yield break;
            yield return entry;
        }
    }

    private async IAsyncEnumerable<LogEntry> ReadAllAsync(string log)
    {
        long? before = null;
        while (true)
        {
            var page = await storage.ReadLogAsync(log, new LogQuery(PageSize, before)).ConfigureAwait(false);
            foreach (var entry in page) yield return entry;
            if (page.Count < PageSize) yield break;
            before = page[^1].Id;
        }
    }
}

/// <summary>The mall's figures for a range: points spent (net of cancellations), exchanges, cancellations and the top rewards.</summary>
public sealed record MallFigures(long PointsSpent, long Exchanges, long Cancellations, IReadOnlyList<RewardFigures> TopRewards);

/// <summary>One reward's exchanges (net of cancellations) and points spent on it.</summary>
public sealed record RewardFigures(string RewardId, string Name, long Exchanges, long PointsSpent);
