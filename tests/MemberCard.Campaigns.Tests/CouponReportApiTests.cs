using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemberCard.Api.Tests;
using MemberCard.Testing;

namespace MemberCard.Campaigns.Tests;

/// <summary>The report's coupon figures equal the campaign's statistics and the card ledgers after a workload.</summary>
public abstract class CouponReportApiTests
{
    protected abstract StorageKind Storage { get; }

    [StorageFact]
    public async Task CouponFiguresInTheReportEqualTheCampaignStatsAndTheLedgers()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage, new Dictionary<string, string?>
        {
            ["Streams:PollInterval"] = "00:00:00.020",
            ["Streams:RetryDelay"] = "00:00:00",
        });
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        await pos.CreateStoreAsync("S002");
        var cards = new List<(string MemberId, string CardNo)>();
        for (var i = 0; i < 6; i++)
        {
            var member = (await pos.RegisterMemberAsync("S001")).Text("memberId");
            var cardNo = (await pos.IssueCardAsync(member)).Text("cardNo");
            await pos.TopUpAsync(cardNo, 50_000, "S001");
            cards.Add((member, cardNo));
        }
        var campaign = CampaignApi.FixedCampaign(new { stores = new[] { "S001" } }, amountOff: 700);
        var campaignId = await CampaignApi.CreateAsync(pos.Http, campaign);
        await CampaignApi.IssueAsync(pos.Http, campaignId);

        // Redeem 4 of the 6 coupons at two stores, refund one of them fully (it comes back) and one partly (it does not).
        var orders = new List<(string CardNo, string OrderNo, string Store)>();
        long ledgerDiscount = 0;
        for (var i = 0; i < 4; i++)
        {
            var (member, cardNo) = cards[i];
            var code = Assert.Single(await CampaignApi.CouponsAsync(pos.Http, member, "active")).Text("code");
            var store = i % 2 == 0 ? "S001" : "S002";
            var paid = await PosClient.ExpectAsync(await pos.PostPurchaseAsync(cardNo, CampaignApi.Purchase($"C-{i}", 5000, 4300, code, storeId: store)), HttpStatusCode.Created);
            ledgerDiscount += paid.Long("couponDiscount");
            orders.Add((cardNo, $"C-{i}", store));
        }
        var full = await pos.RefundAsync(orders[1].CardNo, orders[1].OrderNo, orders[1].Store, null);
        var part = await pos.RefundAsync(orders[2].CardNo, orders[2].OrderNo, orders[2].Store, 1000);
        Assert.Equal((JsonValueKind.String, JsonValueKind.Null), (full.GetProperty("couponRestored").ValueKind, part.GetProperty("couponRestored").ValueKind));
        ledgerDiscount -= 700; // the coupon the full refund gave back
        await WaitUntilDeliveredAsync(pos.Http);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");

        var stats = await PosClient.ExpectAsync(await pos.Http.GetAsync($"/api/v1/campaigns/{campaignId}/stats"), HttpStatusCode.OK);
        var chain = (await pos.Http.GetFromJsonAsync<JsonElement>($"/api/v1/reports/summary?from={today}&to={today}")).GetProperty("items")[0];
        Assert.Equal((6L, 3L, 2100L), (stats.Long("issued"), stats.Long("redeemed"), stats.Long("totalDiscount")));
        Assert.Equal((stats.Long("issued"), stats.Long("redeemed"), 1L, stats.Long("totalDiscount")),
            (chain.Long("couponsIssued"), chain.Long("couponsRedeemed"), chain.Long("couponsRestored"), chain.Long("couponDiscount")));
        Assert.Equal(0.5m, chain.GetProperty("couponRedemptionRate").GetDecimal());
        Assert.Equal(stats.GetProperty("redemptionRate").GetDouble(), (double)chain.GetProperty("couponRedemptionRate").GetDecimal(), 4);

        foreach (var store in new[] { "S001", "S002" })
        {
            var perStore = (await pos.Http.GetFromJsonAsync<JsonElement>($"/api/v1/reports/stores/{store}/summary?from={today}&to={today}")).GetProperty("items")[0];
            var expected = stats.GetProperty("perStore").EnumerateArray().Where(s => s.Text("storeId") == store).ToList();
            Assert.Equal((expected.Sum(s => s.Long("redeemed")), expected.Sum(s => s.Long("discount"))), (perStore.Long("couponsRedeemed"), perStore.Long("couponDiscount")));
            Assert.Equal(JsonValueKind.Null, perStore.GetProperty("couponsIssued").ValueKind);
        }

        // The ledger entries the tills were answered: coupon discounts of purchases, less the one given back.
        Assert.Equal(ledgerDiscount, chain.Long("couponDiscount"));
    }

    private static async Task WaitUntilDeliveredAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var streams = await http.GetFromJsonAsync<JsonElement>("/api/v1/admin/streams");
            Assert.Equal(0, streams.Long("deadLetters"));
            if (streams.Long("totalPending") == 0 && streams.GetProperty("queues").EnumerateArray().All(q => q.GetProperty("owner").ValueKind == JsonValueKind.String))
                return;
            Assert.True(DateTime.UtcNow < deadline, $"streams still behind: {streams}");
            await Task.Delay(20);
        }
    }
}

public sealed class SqliteCouponReportApiTests : CouponReportApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresCouponReportApiTests : CouponReportApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
