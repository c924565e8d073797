using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemberCard.Server.Api.Auth;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Api.Tests;

public sealed class SqliteMallApiTests : MallApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresMallApiTests : MallApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}

/// <summary>The points mall through the REST front door (docs/mall.md): catalogue, exchanges, refusals, fulfilment, members, reports.</summary>
public abstract class MallApiTests
{
    protected abstract StorageKind Storage { get; }

    [StorageFact]
    public async Task AnExchangeAtTheTillTakesThePointsOnceAndEveryRefusalHasItsCode()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.CreateStoreAsync("S002");
        var cardNo = await MallApi.CardWithPointsAsync(admin, "S001", 1_000);
        var rewardId = await MallApi.CreateRewardAsync(admin, MallApi.Gift(stock: 2, price: 300, limit: 2));

        var list = await admin.GetJsonAsync($"/api/v1/cards/{cardNo}/mall/rewards?storeId=S001");
        var offered = Assert.Single(list.Field("items").EnumerateArray(), i => i.Field("reward").Text("rewardId") == rewardId);
        Assert.Equal((2L, true), (offered.Long("memberLeft"), offered.GetProperty("affordable").GetBoolean()));
        var key = PosClient.NewKey();
        var first = await PosClient.ExpectAsync(await MallApi.ExchangeAsync(admin, cardNo, rewardId, "S001", key), HttpStatusCode.Created);
        var again = await PosClient.ExpectAsync(await MallApi.ExchangeAsync(admin, cardNo, rewardId, "S001", key), HttpStatusCode.Created);

        Assert.Equal(first.Field("order").Text("orderId"), again.Field("order").Text("orderId"));
        Assert.Equal(("ordered", -300L, 700L), (first.Field("order").Text("status"), first.Long("pointsDelta"), first.Long("points")));
        Assert.Equal(700L, (await admin.GetCardAsync(cardNo)).Long("points"));
        var entry = (await admin.ReadLedgerAsync(cardNo))[0];
        Assert.Equal(("mall_exchange", -300L), (entry.Text("type"), entry.Long("pointsDelta")));
        Assert.Contains(rewardId, entry.Text("reason"), StringComparison.Ordinal);

        await ProblemAssert.IsAsync(await MallApi.ExchangeAsync(admin, cardNo, rewardId, "S002", key), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        await ProblemAssert.ValidationAsync(await MallApi.ExchangeAsync(admin, cardNo, rewardId, "S001", null), "Idempotency-Key");
        await ProblemAssert.ValidationAsync(await admin.SendAsync($"/api/v1/cards/{cardNo}/mall/exchanges", JsonContent.Create(new { storeId = "S001" }), PosClient.NewKey()), "rewardId");
        await ProblemAssert.IsAsync(await MallApi.ExchangeAsync(admin, cardNo, Guid.NewGuid().ToString("N"), "S001", PosClient.NewKey()), HttpStatusCode.NotFound, "reward_not_found");
        await ProblemAssert.IsAsync(await MallApi.ExchangeAsync(admin, cardNo, rewardId, "S404", PosClient.NewKey()), HttpStatusCode.NotFound, "store_not_found");
        var poor = await MallApi.CardWithPointsAsync(admin, "S001", 100);
        await ProblemAssert.IsAsync(await MallApi.ExchangeAsync(admin, poor, rewardId, "S001", PosClient.NewKey()), HttpStatusCode.Conflict, "insufficient_points");
        await PosClient.ExpectAsync(await MallApi.ExchangeAsync(admin, cardNo, rewardId, "S001", PosClient.NewKey()), HttpStatusCode.Created);
        await ProblemAssert.IsAsync(await MallApi.ExchangeAsync(admin, cardNo, rewardId, "S001", PosClient.NewKey()), HttpStatusCode.Conflict, "out_of_stock");
        var limited = await MallApi.CreateRewardAsync(admin, MallApi.Gift(stock: 5, price: 10, limit: 1));
        await PosClient.ExpectAsync(await MallApi.ExchangeAsync(admin, cardNo, limited, "S001", PosClient.NewKey()), HttpStatusCode.Created);
        await ProblemAssert.IsAsync(await MallApi.ExchangeAsync(admin, cardNo, limited, "S001", PosClient.NewKey()), HttpStatusCode.Conflict, "limit_reached");
        var elsewhere = await MallApi.CreateRewardAsync(admin, MallApi.Gift(stock: 5, price: 10) with { Stores = ["S002"] });
        await ProblemAssert.IsAsync(await MallApi.ExchangeAsync(admin, cardNo, elsewhere, "S001", PosClient.NewKey()), HttpStatusCode.Conflict, "reward_not_available");
        await PosClient.ExpectAsync(await admin.Http.PostAsync($"/api/v1/mall/rewards/{elsewhere}/pause", null), HttpStatusCode.OK);
        await ProblemAssert.IsAsync(await MallApi.ExchangeAsync(admin, cardNo, elsewhere, "S002", PosClient.NewKey()), HttpStatusCode.Conflict, "reward_paused");
        await PosClient.ExpectAsync(await admin.Http.PostAsync($"/api/v1/mall/rewards/{elsewhere}/retire", null), HttpStatusCode.OK);
        await ProblemAssert.IsAsync(await MallApi.ExchangeAsync(admin, cardNo, elsewhere, "S002", PosClient.NewKey()), HttpStatusCode.Conflict, "reward_retired");
        await ProblemAssert.IsAsync(await admin.Http.PostAsync($"/api/v1/mall/rewards/{elsewhere}/resume", null), HttpStatusCode.Conflict, "reward_retired");
        await ProblemAssert.ValidationAsync(await admin.Http.PostAsJsonAsync("/api/v1/mall/rewards", MallApi.Gift(stock: 1, price: 0) with { Kind = "jewel" }), "kind", "pointsPrice");
        // Every refusal left the card as it was: two exchanges and the 10-point one.
        Assert.Equal(1_000L - 300 - 300 - 10, (await admin.GetCardAsync(cardNo)).Long("points"));
        var listed = await admin.GetJsonAsync($"/api/v1/cards/{cardNo}/mall/rewards?storeId=S001");
        Assert.DoesNotContain(listed.Field("items").EnumerateArray(), i => i.Field("reward").Text("rewardId") is var id && (id == rewardId || id == limited));
    }

    [StorageFact]
    public async Task FiftyConcurrentExchangesForTenItemsSellTen()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var rewardId = await MallApi.CreateRewardAsync(admin, MallApi.Gift(stock: 10, price: 100));
        var cards = new List<string>();
        for (var i = 0; i < 50; i++) cards.Add(await MallApi.CardWithPointsAsync(admin, "S001", 100));

        var responses = await Task.WhenAll(cards.Select(c => MallApi.ExchangeAsync(admin, c, rewardId, "S001", PosClient.NewKey())));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await ProblemAssert.IsAsync(refused, HttpStatusCode.Conflict, "out_of_stock");
        var reward = await admin.GetJsonAsync($"/api/v1/mall/rewards/{rewardId}");
        Assert.Equal((10L, 0L), (reward.Long("taken"), reward.Long("left")));
        var spent = 0L;
        foreach (var c in cards) spent += 100 - (await admin.GetCardAsync(c)).Long("points");
        Assert.Equal(1_000L, spent);
    }

    [StorageFact]
    public async Task StaffWorkTheStoreQueueAndACancellationGivesPointsAndStockBackOnce()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage, SecurityApiTests.Settings);
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.CreateStoreAsync("S002");
        var cashier = new PosClient(SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "mall.cashier", "cashier", "S001")));
        var other = new PosClient(SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "mall.other", "cashier", "S002")));
        var cardNo = await MallApi.CardWithPointsAsync(admin, "S001", 1_000);
        var rewardId = await MallApi.CreateRewardAsync(admin, MallApi.Gift(stock: 1, price: 400));

        var pickup = (await PosClient.ExpectAsync(await MallApi.ExchangeAsync(cashier, cardNo, rewardId, "S001", PosClient.NewKey()), HttpStatusCode.Created))
            .Field("order").Text("orderId");
        var queue = await cashier.GetJsonAsync("/api/v1/mall/orders?storeId=S001&status=ordered");
        Assert.Contains(queue.Field("items").EnumerateArray(), o => o.Text("orderId") == pickup);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Http.GetAsync("/api/v1/mall/orders?storeId=S001")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Http.PostAsync($"/api/v1/mall/orders/{pickup}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await MallApi.ExchangeAsync(other, cardNo, rewardId, "S001", PosClient.NewKey())).StatusCode);
        await ProblemAssert.IsAsync(await cashier.Http.PostAsync($"/api/v1/mall/orders/{pickup}/ship", null), HttpStatusCode.Conflict, "mall_order_state_conflict");
        await PosClient.ExpectAsync(await cashier.Http.PostAsync($"/api/v1/mall/orders/{pickup}/ready", null), HttpStatusCode.OK);

        var cancel = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => cashier.Http.PostAsJsonAsync($"/api/v1/mall/orders/{pickup}/cancel", new { note = "changed mind" })));

        Assert.All(cancel, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1_000L, (await admin.GetCardAsync(cardNo)).Long("points"));
        Assert.Single(await admin.ReadLedgerAsync(cardNo), t => t.Text("type") == "mall_cancellation");
        var order = await cashier.GetJsonAsync($"/api/v1/mall/orders/{pickup}");
        Assert.Equal(["ordered", "ready_for_pickup", "cancelled"], order.Field("history").EnumerateArray().Select(h => h.Text("status")));
        Assert.Equal(1L, (await admin.GetJsonAsync($"/api/v1/mall/rewards/{rewardId}")).Long("left"));
        // Each staff move is in the audit trail under its action.
        var audit = await admin.GetJsonAsync("/api/v1/audit?action=mall.order_cancel");
        Assert.Contains(audit.Field("items").EnumerateArray(), e => e.Text("target") == pickup);

        // The one unit is sold again, shipped and delivered.
        var shipped = (await PosClient.ExpectAsync(await admin.SendAsync($"/api/v1/cards/{cardNo}/mall/exchanges",
            JsonContent.Create(new { rewardId, storeId = "S001", shippingAddress = "1 Main St" }), PosClient.NewKey()), HttpStatusCode.Created)).Field("order").Text("orderId");
        await PosClient.ExpectAsync(await cashier.Http.PostAsJsonAsync($"/api/v1/mall/orders/{shipped}/ship", new { note = "SF123" }), HttpStatusCode.OK);
        var delivered = await PosClient.ExpectAsync(await cashier.Http.PostAsync($"/api/v1/mall/orders/{shipped}/deliver", null), HttpStatusCode.OK);
        Assert.Equal(("delivered", "SF123"), (delivered.Text("status"), delivered.Field("history")[1].Text("note")));
        await ProblemAssert.IsAsync(await cashier.Http.PostAsync($"/api/v1/mall/orders/{shipped}/cancel", null), HttpStatusCode.Conflict, "mall_order_state_conflict");

        var report = await admin.GetJsonAsync("/api/v1/reports/mall");
        Assert.Equal((400L, 2L, 1L), (report.Long("pointsSpent"), report.Long("exchanges"), report.Long("cancellations")));
        var top = Assert.Single(report.Field("topRewards").EnumerateArray());
        Assert.Equal((rewardId, 1L, 400L), (top.Text("rewardId"), top.Long("exchanges"), top.Long("pointsSpent")));
        Assert.Equal(0L, (await admin.GetJsonAsync("/api/v1/reports/stores/S002/mall")).Long("exchanges"));
        Assert.Equal(HttpStatusCode.Forbidden, (await cashier.Http.GetAsync("/api/v1/reports/mall")).StatusCode);
    }

    [StorageFact]
    public async Task AMemberSeesWhatTheyCanExchangeExchangesWithTheirOwnCardAndSeesTheOrder()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var member = await admin.RegisterMemberAsync("S001");
        var cardNo = (await admin.IssueCardAsync(member.Text("memberId"))).Text("cardNo");
        await PosClient.ExpectAsync(await admin.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/points-adjustments", new { points = 500, reason = "welcome" }), HttpStatusCode.Created);
        var otherCard = await MallApi.CardWithPointsAsync(admin, "S001", 500);
        var rewardId = await MallApi.CreateRewardAsync(admin, new MallApi.Reward("Bonus", "stored_value", 200) { BonusAmount = 1_000 });
        var me = MallApi.MemberClient(app, member.Text("memberId"));

        var offered = await me.GetJsonAsync($"/api/v1/me/mall/rewards?cardNo={cardNo}&storeId=S001");
        Assert.Contains(offered.Field("items").EnumerateArray(), i => i.Field("reward").Text("rewardId") == rewardId);
        var done = await PosClient.ExpectAsync(await me.SendAsync($"/api/v1/me/mall/cards/{cardNo}/exchanges",
            JsonContent.Create(new { rewardId, storeId = "S001" }), PosClient.NewKey()), HttpStatusCode.Created);
        Assert.Equal(("delivered", 1_000L, 300L), (done.Field("order").Text("status"), done.Long("bonusDelta"), done.Long("points")));
        var orders = await me.GetJsonAsync("/api/v1/me/mall/orders");
        Assert.Equal(done.Field("order").Text("orderId"), Assert.Single(orders.Field("items").EnumerateArray()).Text("orderId"));
        await ProblemAssert.IsAsync(await me.SendAsync($"/api/v1/me/mall/cards/{otherCard}/exchanges",
            JsonContent.Create(new { rewardId, storeId = "S001" }), PosClient.NewKey()), HttpStatusCode.NotFound, "card_not_found");
        Assert.Equal(500L, (await admin.GetCardAsync(otherCard)).Long("points"));
    }
}

/// <summary>Points-mall requests for the API tests.</summary>
internal static class MallApi
{
    /// <summary>A reward body as the API takes it.</summary>
    public sealed record Reward(string Name, string Kind, long PointsPrice)
    {
        public string? Gift { get; init; }
        public long? BonusAmount { get; init; }
        public int? TotalStock { get; init; }
        public int? PerMemberLimit { get; init; }
        public string[]? Stores { get; init; }
        public string? CampaignId { get; init; }
    }

    public static Reward Gift(int stock, long price, int? limit = null) =>
        new("Umbrella", "gift", price) { Gift = "A red umbrella", TotalStock = stock, PerMemberLimit = limit };

    public static async Task<string> CreateRewardAsync(PosClient staff, Reward reward) =>
        (await PosClient.ExpectAsync(await staff.Http.PostAsJsonAsync("/api/v1/mall/rewards", reward), HttpStatusCode.Created)).Text("rewardId");

    public static async Task<string> CardWithPointsAsync(PosClient admin, string storeId, long points)
    {
        var cardNo = await admin.NewCardAsync(storeId);
        await PosClient.ExpectAsync(await admin.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/points-adjustments", new { points, reason = "mall test" }),
            HttpStatusCode.Created);
        return cardNo;
    }

    public static Task<HttpResponseMessage> ExchangeAsync(PosClient pos, string cardNo, string rewardId, string storeId, string? key) =>
        pos.SendAsync($"/api/v1/cards/{cardNo}/mall/exchanges", JsonContent.Create(new { rewardId, storeId }), key);

    /// <summary>A client with a member token for <paramref name="memberId"/> (the sign-in that yields it: MemberSelfServiceApiTests).</summary>
    public static PosClient MemberClient(MemberCardApplication app, string memberId) =>
        new(SecurityApiTests.WithBearer(app, app.Services.GetRequiredService<JwtTokens>().IssueMember(memberId, "")));

    /// <summary>Each audited mall endpoint once, through <paramref name="act"/> (SecurityApiTests counts one audit entry per call).</summary>
    public static async Task ActOnEveryAuditedEndpointAsync(MemberCardApplication app, PosClient admin, Func<string, Func<Task<HttpResponseMessage>>, Task> act)
    {
        var member = await admin.RegisterMemberAsync("S001");
        var cardNo = (await admin.IssueCardAsync(member.Text("memberId"))).Text("cardNo");
        await PosClient.ExpectAsync(await admin.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/points-adjustments", new { points = 1_000, reason = "mall" }), HttpStatusCode.Created);
        var rewardId = "";
        await act("POST /api/v1/mall/rewards", async () =>
        {
            var r = await admin.Http.PostAsJsonAsync("/api/v1/mall/rewards", Gift(stock: 5, price: 10));
            rewardId = (await r.Content.ReadFromJsonAsync<JsonElement>()).Text("rewardId");
            return r;
        });
        await act("PUT /api/v1/mall/rewards/{rewardId}", () => admin.Http.PutAsJsonAsync($"/api/v1/mall/rewards/{rewardId}", Gift(stock: 6, price: 10)));
        await act("POST /api/v1/mall/rewards/{rewardId}/pause", () => admin.Http.PostAsync($"/api/v1/mall/rewards/{rewardId}/pause", null));
        await act("POST /api/v1/mall/rewards/{rewardId}/resume", () => admin.Http.PostAsync($"/api/v1/mall/rewards/{rewardId}/resume", null));
        string pickup = "", shipped = "";
        await act("POST /api/v1/cards/{cardNo}/mall/exchanges", async () =>
        {
            var r = await ExchangeAsync(admin, cardNo, rewardId, "S001", PosClient.NewKey());
            pickup = (await r.Content.ReadFromJsonAsync<JsonElement>()).Field("order").Text("orderId");
            return r;
        });
        await act("POST /api/v1/me/mall/cards/{cardNo}/exchanges", async () =>
        {
            var r = await MemberClient(app, member.Text("memberId")).SendAsync($"/api/v1/me/mall/cards/{cardNo}/exchanges",
                JsonContent.Create(new { rewardId, storeId = "S001", shippingAddress = "1 Main St" }), PosClient.NewKey());
            shipped = (await r.Content.ReadFromJsonAsync<JsonElement>()).Field("order").Text("orderId");
            return r;
        });
        await act("POST /api/v1/mall/orders/{orderId}/ready", () => admin.Http.PostAsync($"/api/v1/mall/orders/{pickup}/ready", null));
        await act("POST /api/v1/mall/orders/{orderId}/deliver", () => admin.Http.PostAsync($"/api/v1/mall/orders/{pickup}/deliver", null));
        await act("POST /api/v1/mall/orders/{orderId}/ship", () => admin.Http.PostAsync($"/api/v1/mall/orders/{shipped}/ship", null));
        await act("POST /api/v1/mall/orders/{orderId}/cancel", () => admin.Http.PostAsync($"/api/v1/mall/orders/{shipped}/cancel", null));
        await act("POST /api/v1/mall/rewards/{rewardId}/retire", () => admin.Http.PostAsync($"/api/v1/mall/rewards/{rewardId}/retire", null));
    }
}
