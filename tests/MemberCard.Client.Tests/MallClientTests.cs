using System.Net.Http.Json;
using System.Text.Json;

namespace MemberCard.Client.Tests;

public sealed class MallClientTests(ClientTestServer server) : IClassFixture<ClientTestServer>
{
    [Fact]
    public async Task ATillExchangesPointsForAGiftOnceAndWorksTheStoreQueue()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewCardAsync(storeId);
        var rewardId = await GiftAsync(server, stock: 2, price: 300);
        using (var http = server.CreateAdminHttpClient())
            (await http.PostAsJsonAsync($"/api/v1/cards/{card.CardNo}/points-adjustments", new { points = 1000, reason = "mall" })).EnsureSuccessStatusCode();

        var offered = await client.Mall.ListRewardsAsync(card.CardNo, storeId);
        var first = await client.Mall.ExchangeAsync(card.CardNo, new ExchangeRequest(rewardId, storeId), "mall-key-1");
        var again = await client.Mall.ExchangeAsync(card.CardNo, new ExchangeRequest(rewardId, storeId), "mall-key-1");
        var queue = await client.Mall.ListOrdersAsync(storeId, MallOrderStatuses.Ordered);
        var ready = await client.Mall.MarkReadyAsync(first.Order.OrderId);
        var delivered = await client.Mall.DeliverAsync(first.Order.OrderId);
        var second = await client.Mall.ExchangeAsync(card.CardNo, new ExchangeRequest(rewardId, storeId, "1 Main St"));
        await client.Mall.ShipAsync(second.Order.OrderId, "SF123");
        var cancelled = await client.Mall.CancelAsync(second.Order.OrderId, "lost");
        var none = await Assert.ThrowsAsync<MemberCardApiException>(() => client.Mall.GetOrderAsync(Guid.NewGuid().ToString("N")));

        var reward = Assert.Single(offered, r => r.Reward.RewardId == rewardId);
        Assert.True(reward.Affordable);
        Assert.Equal((first.Order.OrderId, 700L), (again.Order.OrderId, again.Points));
        Assert.Equal(first.Order.OrderId, Assert.Single(queue).OrderId);
        Assert.Equal((MallOrderStatuses.ReadyForPickup, MallOrderStatuses.Delivered), (ready.Status, delivered.Status));
        Assert.Equal(MallOrderStatuses.Cancelled, cancelled.Status);
        Assert.Equal(MallOrderStatuses.Cancelled, (await client.Mall.GetOrderAsync(second.Order.OrderId)).Status);
        Assert.Equal(700L, (await client.Cards.GetAsync(card.CardNo)).Points);
        Assert.Equal((404, "mall_order_not_found"), (none.Status, none.CodeText));
    }

    private static async Task<string> GiftAsync(ClientTestServer server, int stock, long price)
    {
        using var http = server.CreateAdminHttpClient();
        var created = await http.PostAsJsonAsync("/api/v1/mall/rewards", new { name = "Umbrella", kind = "gift", gift = "A red umbrella", pointsPrice = price, totalStock = stock });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rewardId").GetString()!;
    }
}
