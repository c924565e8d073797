using System.Net;
using System.Net.Http.Json;
using System.Text;
using MemberCard.Api.Tests;
using MemberCard.Testing;

namespace MemberCard.Campaigns.Tests;

public abstract class CampaignApiTests
{
    protected abstract StorageKind Storage { get; }

    [StorageFact]
    public async Task ACouponIsIssuedToTheSegmentRedeemedInAPurchaseAndEarnsNoPointsOnItsDiscount()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        await pos.CreateStoreAsync("S002");
        var member = (await pos.RegisterMemberAsync("S001")).Text("memberId");
        var outsider = (await pos.RegisterMemberAsync("S002")).Text("memberId");
        var cardNo = (await pos.IssueCardAsync(member)).Text("cardNo");
        await pos.TopUpAsync(cardNo, 10000, "S001");
        var campaignId = await CampaignApi.CreateAsync(pos.Http, CampaignApi.FixedCampaign(new { stores = new[] { "S001" } }, minimumSpend: 3000));

        var progress = await CampaignApi.IssueAsync(pos.Http, campaignId);
        Assert.Equal((1L, 1L), (progress.Long("targeted"), progress.Long("issued")));
        Assert.Empty(await CampaignApi.CouponsAsync(pos.Http, outsider));
        var coupon = Assert.Single(await CampaignApi.CouponsAsync(pos.Http, member, "active"));
        var code = coupon.Text("code");

        var paid = await PosClient.ExpectAsync(await pos.PostPurchaseAsync(cardNo, CampaignApi.Purchase("A-1", 5000, 4000, code)), HttpStatusCode.Created);
        Assert.Equal((1000L, 1000L, 4000L, 40L), (paid.Long("discount"), paid.Long("couponDiscount"), paid.Long("balanceCharged"), paid.Long("pointsEarned")));
        Assert.Equal(code, paid.Text("couponCode"));
        var used = Assert.Single(await CampaignApi.CouponsAsync(pos.Http, member, "used"));
        Assert.Equal("A-1", used.Text("usedOrderNo"));

        var stats = await PosClient.ExpectAsync(await pos.Http.GetAsync($"/api/v1/campaigns/{campaignId}/stats"), HttpStatusCode.OK);
        Assert.Equal((1L, 1L, 1000L), (stats.Long("issued"), stats.Long("redeemed"), stats.Long("totalDiscount")));
        Assert.Equal("S001", stats.Field("perStore")[0].Text("storeId"));
    }

    [StorageFact]
    public async Task ASecondUseOfACouponIsRefusedAndChargesNothing()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var (pos, cardNo, code, _) = await IssuedCouponAsync(app);
        await PosClient.ExpectAsync(await pos.PostPurchaseAsync(cardNo, CampaignApi.Purchase("A-1", 5000, 0, code)), HttpStatusCode.Created);
        var before = await pos.SnapshotAsync(cardNo);

        await ProblemAssert.IsAsync(await pos.PostPurchaseAsync(cardNo, CampaignApi.Purchase("A-2", 5000, 4000, code)), HttpStatusCode.Conflict, "coupon_already_redeemed");
        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
    }

    [StorageFact]
    public async Task ARepeatedPurchaseWithACouponReplaysInsteadOfFailing()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var (pos, cardNo, code, _) = await IssuedCouponAsync(app);
        var body = CampaignApi.Purchase("A-1", 5000, 4000, code);
        var first = await pos.PostPurchaseAsync(cardNo, body, "key-1");
        var again = await pos.PostPurchaseAsync(cardNo, body, "key-1");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
    }

    [StorageFact]
    public async Task OneHundredConcurrentRedemptionsOfOneCouponOnTwentyTillsSucceedExactlyOnce()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var (pos, firstCard, code, member) = await IssuedCouponAsync(app);
        // The member's cards are different grains, so only the redemption claim stands between them.
        var cards = new List<string> { firstCard };
        for (var i = 1; i < 20; i++) cards.Add((await pos.IssueCardAsync(member)).Text("cardNo"));

        var attempts = Enumerable.Range(0, 100).Select(i =>
            pos.PostPurchaseAsync(cards[i % cards.Count], CampaignApi.Purchase($"R-{i}", 5000, 0, code))).ToList();
        var responses = await Task.WhenAll(attempts);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await ProblemAssert.IsAsync(loser, HttpStatusCode.Conflict, "coupon_already_redeemed");
    }

    [StorageFact]
    public async Task AFullRefundRestoresTheCouponOnceAndAPartialRefundDoesNot()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var (pos, cardNo, code, member) = await IssuedCouponAsync(app);
        await PosClient.ExpectAsync(await pos.PostPurchaseAsync(cardNo, CampaignApi.Purchase("A-1", 5000, 4000, code)), HttpStatusCode.Created);

        var partial = await pos.RefundAsync(cardNo, "A-1", "S001", 2000);
        Assert.Equal(JsonValueKindNull, partial.Field("couponRestored").ValueKind);
        Assert.Equal(1600, partial.Long("balanceRefunded"));
        Assert.Single(await CampaignApi.CouponsAsync(pos.Http, member, "used"));

        var rest = await pos.RefundAsync(cardNo, "A-1", "S001", null);
        Assert.Equal(code, rest.Text("couponRestored"));
        Assert.Equal(2400, rest.Long("balanceRefunded"));
        Assert.Single(await CampaignApi.CouponsAsync(pos.Http, member, "active"));
        await ProblemAssert.IsAsync(await pos.PostRefundAsync(cardNo, PosClient.Refund("A-1", "S001", null), PosClient.NewKey()),
            HttpStatusCode.Conflict, "refund_exceeds_purchase");

        // Given back once, it can be used once more.
        await PosClient.ExpectAsync(await pos.PostPurchaseAsync(cardNo, CampaignApi.Purchase("A-2", 5000, 0, code)), HttpStatusCode.Created);
        await ProblemAssert.IsAsync(await pos.PostPurchaseAsync(cardNo, CampaignApi.Purchase("A-3", 5000, 0, code)), HttpStatusCode.Conflict, "coupon_already_redeemed");
        var campaignId = (await CampaignApi.CouponsAsync(pos.Http, member))[0].Text("campaignId");
        var stats = await PosClient.ExpectAsync(await pos.Http.GetAsync($"/api/v1/campaigns/{campaignId}/stats"), HttpStatusCode.OK);
        Assert.Equal((1L, 1000L), (stats.Long("redeemed"), stats.Long("totalDiscount")));
    }

    [StorageFact]
    public async Task TheQuoteShowsThePriceAndChangesNothing()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var (pos, cardNo, code, member) = await IssuedCouponAsync(app, stacksWithPoints: true);
        await pos.PurchaseAsync(cardNo, "P-0", "S001", 20000, 0);
        var before = await pos.SnapshotAsync(cardNo);

        var quote = await PosClient.ExpectAsync(await pos.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/quotes",
            new { storeId = "S001", amount = 5000, pointsToRedeem = 100, couponCode = code }), HttpStatusCode.OK);

        Assert.Equal((1000L, 100L, 1100L, 3900L, 39L), (quote.Long("couponDiscount"), quote.Long("pointsDiscount"), quote.Long("discount"),
            quote.Long("payable"), quote.Long("pointsEarned")));
        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
        Assert.Single(await CampaignApi.CouponsAsync(pos.Http, member, "active"));
        var paid = await PosClient.ExpectAsync(await pos.PostPurchaseAsync(cardNo, CampaignApi.Purchase("A-1", 5000, 3900, code, 100)), HttpStatusCode.Created);
        Assert.Equal((quote.Long("discount"), quote.Long("pointsEarned")), (paid.Long("discount"), paid.Long("pointsEarned")));
    }

    [StorageFact]
    public async Task RefusedCouponsAnswerTheirCodes()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var (pos, cardNo, code, member) = await IssuedCouponAsync(app, minimumSpend: 3000);
        await pos.CreateStoreAsync("S009");
        var other = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(other, 10000, "S001");

        await ProblemAssert.IsAsync(await pos.PostPurchaseAsync(cardNo, CampaignApi.Purchase("B-1", 2999, 0, code)), HttpStatusCode.Conflict, "coupon_not_applicable");
        await ProblemAssert.IsAsync(await pos.PostPurchaseAsync(cardNo, CampaignApi.Purchase("B-2", 5000, 0, code, storeId: "S009")), HttpStatusCode.Conflict, "coupon_not_applicable");
        await ProblemAssert.IsAsync(await pos.PostPurchaseAsync(other, CampaignApi.Purchase("B-3", 5000, 0, code)), HttpStatusCode.NotFound, "coupon_not_found");
        await ProblemAssert.IsAsync(await pos.PostPurchaseAsync(cardNo, CampaignApi.Purchase("B-4", 5000, 0, "0000000000000")), HttpStatusCode.NotFound, "coupon_not_found");

        var campaignId = (await CampaignApi.CouponsAsync(pos.Http, member))[0].Text("campaignId");
        await PosClient.ExpectAsync(await CampaignApi.ActAsync(pos.Http, campaignId, "end"), HttpStatusCode.OK);
        await ProblemAssert.IsAsync(await pos.PostPurchaseAsync(cardNo, CampaignApi.Purchase("B-5", 5000, 0, code)), HttpStatusCode.Conflict, "coupon_expired");
    }

    [StorageFact]
    public async Task LifecycleActionsFollowTheTableAndOnlyMarketingAndAdminMayUseThem()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var campaignId = await CampaignApi.CreateAsync(admin.Http, CampaignApi.FixedCampaign());
        await ProblemAssert.IsAsync(await CampaignApi.ActAsync(admin.Http, campaignId, "resume"), HttpStatusCode.Conflict, "campaign_state_conflict");
        await ProblemAssert.ValidationAsync(await admin.Http.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/schedule", new { at = "2000-01-01T00:00:00Z" }), "at");
        var scheduled = await PosClient.ExpectAsync(await admin.Http.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/schedule",
            new { at = DateTimeOffset.UtcNow.AddDays(1) }), HttpStatusCode.OK);
        Assert.Equal("scheduled", scheduled.Text("status"));
        Assert.Equal("paused", (await PosClient.ExpectAsync(await CampaignApi.ActAsync(admin.Http, campaignId, "pause"), HttpStatusCode.OK)).Text("status"));
        Assert.Equal("scheduled", (await PosClient.ExpectAsync(await CampaignApi.ActAsync(admin.Http, campaignId, "resume"), HttpStatusCode.OK)).Text("status"));
        Assert.Equal("cancelled", (await PosClient.ExpectAsync(await CampaignApi.ActAsync(admin.Http, campaignId, "cancel"), HttpStatusCode.OK)).Text("status"));
        await ProblemAssert.IsAsync(await CampaignApi.ActAsync(admin.Http, campaignId, "start"), HttpStatusCode.Conflict, "campaign_state_conflict");
        await ProblemAssert.IsAsync(await admin.Http.GetAsync("/api/v1/campaigns/0123456789abcdef0123456789abcdef"), HttpStatusCode.NotFound, "campaign_not_found");
        await ProblemAssert.ValidationAsync(await admin.Http.PostAsJsonAsync("/api/v1/campaigns", new { name = "x", kind = "percentage", percentOff = 0 }),
            "percentOff", "validUntil");

        var terminal = await PosClient.ExpectAsync(await admin.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001" }), HttpStatusCode.Created);
        var till = app.CreateClientWithKey(terminal.Text("apiKey"));
        await ProblemAssert.IsAsync(await till.PostAsJsonAsync("/api/v1/campaigns", CampaignApi.FixedCampaign()), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await till.GetAsync($"/api/v1/campaigns/{campaignId}"), HttpStatusCode.Forbidden, "forbidden");
    }

    [StorageFact]
    public async Task AnUploadedListOfIdsAndPhonesTargetsExactlyThoseMembers()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var byId = (await pos.RegisterMemberAsync("S001")).Text("memberId");
        var phone = PosClient.UniquePhone();
        var byPhone = (await pos.RegisterMemberAsync("S001", phone)).Text("memberId");
        var notListed = (await pos.RegisterMemberAsync("S001")).Text("memberId");
        var campaignId = await CampaignApi.CreateAsync(pos.Http, CampaignApi.FixedCampaign(new { uploadedList = true }));

        var csv = $"member\n{byId}\n\"{phone}\"\n13999999999\n{byId}\n";
        var upload = await PosClient.ExpectAsync(await pos.Http.PostAsync($"/api/v1/campaigns/{campaignId}/targets",
            new StringContent(csv, Encoding.UTF8, "text/csv")), HttpStatusCode.OK);
        Assert.Equal((1L, 2L), (upload.Long("rejected"), upload.Long("targetListSize")));
        await CampaignApi.IssueAsync(pos.Http, campaignId);

        Assert.Single(await CampaignApi.CouponsAsync(pos.Http, byId));
        Assert.Single(await CampaignApi.CouponsAsync(pos.Http, byPhone));
        Assert.Empty(await CampaignApi.CouponsAsync(pos.Http, notListed));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    /// <summary>A store S001, a member with a topped-up card and one issued ¥10-off coupon.</summary>
    private static async Task<(PosClient Pos, string CardNo, string Code, string MemberId)> IssuedCouponAsync(
        MemberCardApplication app, long minimumSpend = 0, bool stacksWithPoints = false)
    {
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var member = (await pos.RegisterMemberAsync("S001")).Text("memberId");
        var cardNo = (await pos.IssueCardAsync(member)).Text("cardNo");
        await pos.TopUpAsync(cardNo, 50000, "S001");
        var campaignId = await CampaignApi.CreateAsync(pos.Http,
            CampaignApi.FixedCampaign(new { stores = new[] { "S001" } }, minimumSpend: minimumSpend, stacksWithPoints: stacksWithPoints, validStores: ["S001"]));
        await CampaignApi.IssueAsync(pos.Http, campaignId);
        var coupons = await CampaignApi.CouponsAsync(pos.Http, member);
        return (pos, cardNo, Assert.Single(coupons).Text("code"), member);
    }
}

public sealed class SqliteCampaignApiTests : CampaignApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresCampaignApiTests : CampaignApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
