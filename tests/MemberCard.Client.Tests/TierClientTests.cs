using System.Net.Http.Json;

namespace MemberCard.Client.Tests;

/// <summary>A member's tier ledger through the client, on a server of its own (the rule set with a tier ladder is global).</summary>
public sealed class TierClientTests(ClientTestServer server) : IClassFixture<ClientTestServer>
{
    [Fact]
    public async Task ASpendPastTheThresholdUpgradesTheMemberAndIsListedAsATierChange()
    {
        await PublishLadderAsync();
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewCardAsync(storeId);

        await client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("T-1", storeId, 60_000, 0));
        var changes = await client.Members.ListTierChangesAsync(card.MemberId, limit: 10);
        var member = await client.Members.GetAsync(card.MemberId);

        var change = Assert.Single(changes);
        Assert.Equal(("silver", "gold", "upgrade", 60_000L), (change.From, change.To, change.Reason, change.Measure));
        Assert.True(change.RulesVersion > 0);
        Assert.Equal(("gold", 60_000L), (member.Tier, member.RollingSpend));
    }

    private async Task PublishLadderAsync()
    {
        using var http = server.CreateAdminHttpClient();
        var response = await http.PostAsJsonAsync("/api/v1/rules", new
        {
            pointsPerYuan = 1,
            pointValue = 1,
            pointsExpiryMonths = 12,
            tierMeasure = "spend",
            downgradePolicy = "one_step",
            tiers = new[]
            {
                new { name = "silver", threshold = 0, discountPercent = 0, pointsMultiplierPercent = 100 },
                new { name = "gold", threshold = 50_000, discountPercent = 5, pointsMultiplierPercent = 150 },
            },
            defaultProduct = "standard",
            products = new[]
            {
                new
                {
                    productId = "standard", name = "Standard", storedValue = true, points = true, tiers = true, balanceCap = 500_000,
                    topUpBonus = new[] { new { minAmount = 10_000, bonus = 2_000 } },
                },
            },
            promotions = Array.Empty<object>(),
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
