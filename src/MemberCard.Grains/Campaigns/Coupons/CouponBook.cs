using MemberCard.Abstractions.Campaigns;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Campaigns.Coupons;

/// <summary>
/// Reads coupons from their committed facts: the code's claim (what was issued), the redemption claim (whether it
/// is used), the member's coupon log and the campaign's redemption and restoration logs. Nothing here writes.
/// </summary>
public sealed class CouponBook(IGrainStorage storage, IGrainFactory grains, GrainSerializer serializer, TimeProvider clock)
{
    private const int PageSize = 500;

    /// <summary>The issued coupon with this code (read leniently), or null.</summary>
    public async Task<IssuedCoupon?> FindAsync(string? code)
    {
        if (CouponCodes.Normalize(code) is not { } canonical) return null;
        var claim = await storage.ReadClaimAsync(CouponKeys.Code(canonical)).ConfigureAwait(false);
        return claim is null ? null : serializer.Deserialize<IssuedCoupon>(claim.Value);
    }

    /// <summary>The committed redemption of a code, or null when it is unused (or was given back).</summary>
    public async Task<CouponRedemption?> FindRedemptionAsync(string code)
    {
        var claim = await storage.ReadClaimAsync(CouponKeys.Redemption(code)).ConfigureAwait(false);
        return claim is null ? null : serializer.Deserialize<CouponRedemption>(claim.Value);
    }

    /// <summary>
    /// Checks a coupon for an order of the card owned by <paramref name="memberId"/> and computes its effect;
    /// throws the coupon error codes. A check, not a reservation: the purchase's redemption claim decides races.
    /// </summary>
    public async Task<CouponEffect> PrepareAsync(string code, string memberId, string storeId, long amount, long pointsToRedeem)
    {
        var coupon = await FindAsync(code).ConfigureAwait(false) ?? throw CouponRules.NotFound();
        var campaign = await grains.GetGrain<ICampaignGrain>(coupon.CampaignId).GetAsync().ConfigureAwait(false) ?? throw CouponRules.NotFound();
        var redeemed = coupon.MemberId == memberId && await FindRedemptionAsync(coupon.Code).ConfigureAwait(false) is not null;
        return CouponRules.Evaluate(new CouponCheck(coupon, campaign, memberId, storeId, amount, pointsToRedeem, clock.GetUtcNow(), redeemed));
    }

    /// <summary>A member's coupons, newest first, each with its state (active, used, expired); optionally only one state.</summary>
    public async Task<IReadOnlyList<MemberCoupon>> ListForMemberAsync(string memberId, string? status = null)
    {
        var now = clock.GetUtcNow();
        var campaigns = new Dictionary<string, CampaignView?>();
        var result = new List<MemberCoupon>();
        await foreach (var entry in ReadAllAsync(CouponKeys.MemberLog(memberId)).ConfigureAwait(false))
        {
            var coupon = serializer.Deserialize<IssuedCoupon>(entry.Json);
            if (!campaigns.TryGetValue(coupon.CampaignId, out var campaign))
                campaigns[coupon.CampaignId] = campaign = await grains.GetGrain<ICampaignGrain>(coupon.CampaignId).GetAsync().ConfigureAwait(false);
            if (campaign is null) continue;
            var redemption = await FindRedemptionAsync(coupon.Code).ConfigureAwait(false);
            var state = redemption is not null ? CouponStatuses.Used
                : (coupon.ValidUntil is { } until && now >= until) || campaign.Status is CampaignStatuses.Ended or CampaignStatuses.Cancelled
                    ? CouponStatuses.Expired
                    : CouponStatuses.Active;
            if (status is not null && status != state) continue;
            var d = campaign.Definition;
            result.Add(new MemberCoupon(coupon, state, d.Kind, d.Name, d.AmountOff, d.PercentOff, d.MaxDiscount, d.Gift, d.MinimumSpend,
                redemption?.At, redemption?.OrderNo));
        }
        return result;
    }

    /// <summary>Redemptions minus restorations, from the campaign's committed logs; exact by construction.</summary>
    public async Task<CampaignStats> StatsAsync(string campaignId, long issued)
    {
        var perStore = new SortedDictionary<string, (long Count, long Discount)>(StringComparer.Ordinal);
        await Tally(CouponKeys.RedemptionsLog(campaignId), +1).ConfigureAwait(false);
        await Tally(CouponKeys.RestorationsLog(campaignId), -1).ConfigureAwait(false);
        var redeemed = perStore.Values.Sum(v => v.Count);
        var discount = perStore.Values.Sum(v => v.Discount);
        return new CampaignStats(campaignId, issued, redeemed, issued == 0 ? 0 : (double)redeemed / issued, discount,
            [.. perStore.Where(s => s.Value.Count != 0 || s.Value.Discount != 0).Select(s => new StoreCouponStats(s.Key, s.Value.Count, s.Value.Discount))]);

        async Task Tally(string log, int sign)
        {
            await foreach (var entry in ReadAllAsync(log).ConfigureAwait(false))
            {
                var r = serializer.Deserialize<CouponRedemption>(entry.Json);
                var current = perStore.GetValueOrDefault(r.StoreId);
                perStore[r.StoreId] = (current.Count + sign, current.Discount + sign * r.Discount);
            }
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

/// <summary>Campaign statistics: coupons issued, redeemed (net of restorations), redemption rate, discount given, per store.</summary>
public sealed record CampaignStats(string CampaignId, long Issued, long Redeemed, double RedemptionRate, long TotalDiscount,
    IReadOnlyList<StoreCouponStats> PerStore);

/// <summary>One store's share of a campaign's redemptions.</summary>
public sealed record StoreCouponStats(string StoreId, long Redeemed, long Discount);
