using Microsoft.Extensions.Time.Testing;
using System.Net;
using MemberCard.Grains.Cards;
using MemberCard.Grains.Tiers;
using MemberCard.Runtime;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>Tiers on rolling 12-month spend: upgrade at once, multiplier, refunds, yearly review by policy, the tier ledger.</summary>
public abstract class TierApiTests : ApiTests
{
    [StorageFact]
    public async Task UpgradeIsImmediateAndTheYearlyReviewDowngradesOneStep()
    {
        var clock = new FakeTimeProvider(DomainApi.Start); // 2026-01-01T00:00Z
        // The card learns its new tier from the member's answer; this test is about the rules, not the till's patience.
        var patient = new Dictionary<string, string?> { ["Tiers:ReportWait"] = "00:00:30" };
        await using var app = await StartAsync(patient, DomainApi.WithClock(clock));
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var rules = await admin.PublishAsync(DomainApi.RuleSet(tiers: DomainApi.Ladder, downgradePolicy: "one_step"));
        var member = (await admin.RegisterMemberAsync("S001")).Text("memberId");
        Assert.Equal("silver", (await admin.GetJsonAsync($"/api/v1/members/{member}")).Text("tier"));
        var cardNo = (await admin.IssueCardAsync(member)).Text("cardNo");

        var big = await admin.PurchaseAsync(cardNo, "T-1", "S001", 60_000, 0);
        Assert.Equal(600, big.Long("pointsEarned")); // earned at silver: the upgrade applies from the next purchase
        var upgraded = await admin.GetJsonAsync($"/api/v1/members/{member}");
        Assert.Equal(("gold", 60_000L), (upgraded.Text("tier"), upgraded.Long("rollingSpend")));
        Assert.Equal("gold", (await admin.GetCardAsync(cardNo)).Text("tier"));
        Assert.Equal(150, (await admin.PurchaseAsync(cardNo, "T-2", "S001", 10_000, 0)).Long("pointsEarned")); // gold ×1.5

        await admin.RefundAsync(cardNo, "T-1", "S001", 20_000);
        var afterRefund = await admin.GetJsonAsync($"/api/v1/members/{member}");
        Assert.Equal(("gold", 50_000L), (afterRefund.Text("tier"), afterRefund.Long("rollingSpend"))); // no downgrade between reviews

        clock.Advance(TimeSpan.FromDays(180));
        Assert.Equal("gold", (await admin.PostJsonAsync($"/api/v1/members/{member}/tier-review", null, HttpStatusCode.OK)).Text("tier"));
        clock.Advance(TimeSpan.FromDays(220)); // past a year since the upgrade; the spend left the 12-month window
        var reviewed = await admin.PostJsonAsync($"/api/v1/members/{member}/tier-review", null, HttpStatusCode.OK);
        Assert.Equal(("silver", 0L), (reviewed.Text("tier"), reviewed.Long("rollingSpend")));

        var changes = (await admin.GetJsonAsync($"/api/v1/members/{member}/tier-changes")).Field("items").EnumerateArray().ToList();
        Assert.Equal(["gold>silver:yearly_review", "silver>gold:upgrade"], changes.Select(c => $"{c.Text("from")}>{c.Text("to")}:{c.Text("reason")}"));
        Assert.Equal((60_000L, rules.Long("version")), (changes[1].Long("measure"), changes[1].Long("rulesVersion")));
    }

    [StorageFact]
    public async Task RecomputePolicyDropsToTheEarnedTier()
    {
        var clock = new FakeTimeProvider(DomainApi.Start);
        await using var app = await StartAsync(services: DomainApi.WithClock(clock));
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.PublishAsync(DomainApi.RuleSet(tiers: DomainApi.Ladder, downgradePolicy: "recompute"));
        var member = (await admin.RegisterMemberAsync("S001")).Text("memberId");
        var cardNo = (await admin.IssueCardAsync(member)).Text("cardNo");
        await admin.PurchaseAsync(cardNo, "R-1", "S001", 250_000, 0);
        Assert.Equal("platinum", (await admin.GetJsonAsync($"/api/v1/members/{member}")).Text("tier"));

        clock.Advance(TimeSpan.FromDays(400));
        Assert.Equal("silver", (await admin.PostJsonAsync($"/api/v1/members/{member}/tier-review", null, HttpStatusCode.OK)).Text("tier"));
    }

    [StorageFact]
    public async Task SpendOnSeveralCardsOfOneMemberCountsTogether()
    {
        var clock = new FakeTimeProvider(DomainApi.Start);
        await using var app = await StartAsync(services: DomainApi.WithClock(clock));
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.PublishAsync(DomainApi.RuleSet(tiers: DomainApi.Ladder));
        var member = (await admin.RegisterMemberAsync("S001")).Text("memberId");
        var first = (await admin.IssueCardAsync(member)).Text("cardNo");
        var second = (await admin.IssueCardAsync(member)).Text("cardNo");

        await admin.PurchaseAsync(first, "M-1", "S001", 30_000, 0);
        Assert.Equal(("silver", 30_000L), await TierOfAsync(admin, member));
        await admin.PurchaseAsync(second, "M-2", "S001", 25_000, 0);

        Assert.Equal(("gold", 55_000L), await TierOfAsync(admin, member)); // neither card alone reaches 50,000
        await admin.RefundAsync(first, "M-1", "S001", 30_000);
        Assert.Equal(("gold", 25_000L), await TierOfAsync(admin, member)); // refunds count, activity never lowers a tier
    }

    [StorageFact]
    public async Task ActivityACardCommittedWithoutItsReportIsCountedWhenTheMemberNextActivates()
    {
        var clock = new FakeTimeProvider(DomainApi.Start);
        var app = await StartAsync(services: DomainApi.WithClock(clock));
        try
        {
            var admin = app.CreateAdminPos();
            await admin.CreateStoreAsync("S001");
            await admin.PublishAsync(DomainApi.RuleSet(tiers: DomainApi.Ladder));
            var member = (await admin.RegisterMemberAsync("S001")).Text("memberId");
            var cardNo = (await admin.IssueCardAsync(member)).Text("cardNo");
            await admin.PurchaseAsync(cardNo, "L-1", "S001", 10_000, 0);
            app = await app.RestartAsync();

            // What a purchase commits on the card when its report to the member is lost: the card's own activity.
            var storage = app.Services.GetRequiredService<IGrainStorage>();
            var serializer = app.Services.GetRequiredService<GrainSerializer>();
            var id = new GrainId("card", cardNo);
            var stored = (await storage.ReadStateAsync(id))!;
            var card = serializer.Deserialize<CardState>(stored.Json);
            var now = clock.GetUtcNow();
            var grown = card with { Activity = RollingMeasure.Add(card.Activity ?? [], now, 50_000, 0, now) };
            await storage.WriteAsync(new GrainWrite(id, stored.Version, serializer.Serialize(grown), now));

            admin = app.CreateAdminPos();
            Assert.Equal(("gold", 60_000L), await TierOfAsync(admin, member));
            var changes = (await admin.GetJsonAsync($"/api/v1/members/{member}/tier-changes")).Field("items").EnumerateArray().ToList();
            Assert.Equal(["silver>gold:upgrade"], changes.Select(c => $"{c.Text("from")}>{c.Text("to")}:{c.Text("reason")}"));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<(string Tier, long RollingSpend)> TierOfAsync(PosClient admin, string member)
    {
        var view = await admin.GetJsonAsync($"/api/v1/members/{member}");
        return (view.Text("tier"), view.Long("rollingSpend"));
    }
}

public sealed class SqliteTierApiTests : TierApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
