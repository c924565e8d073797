using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Api.Tests;

/// <summary>Rule sets and calls the members-and-cards tests share.</summary>
internal static class DomainApi
{
    public static readonly object StandardProduct = new
    {
        productId = "standard", name = "Standard", storedValue = true, points = true, tiers = true, balanceCap = 500_000,
        topUpBonus = new[] { new { minAmount = 10_000, bonus = 2_000 }, new { minAmount = 50_000, bonus = 12_000 } },
    };

    public static readonly object[] Ladder =
    [
        new { name = "silver", threshold = 0, discountPercent = 0, pointsMultiplierPercent = 100 },
        new { name = "gold", threshold = 50_000, discountPercent = 5, pointsMultiplierPercent = 150 },
        new { name = "platinum", threshold = 200_000, discountPercent = 10, pointsMultiplierPercent = 200 },
    ];

    /// <summary>A whole rule set as the admin API takes it.</summary>
    public static object RuleSet(
        long pointsPerYuan = 1, string downgradePolicy = "one_step", object[]? tiers = null, object[]? products = null,
        object[]? promotions = null, int pointsExpiryMonths = 12) => new
    {
        pointsPerYuan,
        pointValue = 1,
        pointsExpiryMonths,
        tierMeasure = "spend",
        downgradePolicy,
        tiers = tiers ?? [new { name = "standard", threshold = 0, discountPercent = 0, pointsMultiplierPercent = 100 }],
        defaultProduct = "standard",
        products = products ?? [StandardProduct],
        promotions = promotions ?? [],
    };

    public static async Task<JsonElement> PublishAsync(this PosClient admin, object rules) =>
        await PosClient.ExpectAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules", rules), HttpStatusCode.Created);

    public static async Task<JsonElement> GetJsonAsync(this PosClient client, string path) =>
        await PosClient.ExpectAsync(await client.Http.GetAsync(path), HttpStatusCode.OK);

    public static async Task<JsonElement> PostJsonAsync(this PosClient client, string path, object? body, HttpStatusCode expected) =>
        await PosClient.ExpectAsync(await client.Http.PostAsJsonAsync(path, body ?? new { }), expected);

    /// <summary>The date the API tests' fake clocks start at (a Thursday).</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Registers the fake clock's wall time as the application's time (Orleans' timers stay real).</summary>
    public static Action<IServiceCollection> WithClock(FakeTimeProvider clock) => s => s.AddSingleton<TimeProvider>(new WallClock(clock));

    /// <summary>Balance, principal, bonus and points equal the sums of the ledger's deltas.</summary>
    public static async Task AssertLedgerSumsAsync(this PosClient pos, string cardNo)
    {
        var card = await pos.GetCardAsync(cardNo);
        var ledger = await pos.ReadLedgerAsync(cardNo, 200);
        Assert.All(ledger, e => Assert.Equal(e.Long("balanceDelta"), e.Long("principalDelta") + e.Long("bonusDelta")));
        Assert.Equal(
            (card.Long("balance"), card.Long("principal"), card.Long("bonusBalance"), card.Long("points")),
            (ledger.Sum(e => e.Long("balanceDelta")), ledger.Sum(e => e.Long("principalDelta")), ledger.Sum(e => e.Long("bonusDelta")),
                ledger.Sum(e => e.Long("pointsDelta"))));
        Assert.Equal(card.Long("points"), card.Field("pointLots").EnumerateArray().Sum(l => l.Long("remaining")));
    }
}
