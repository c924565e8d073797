using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>Gray release through REST: pilot, quote per store, promote, roll back, refusals with stable codes, audit.</summary>
public abstract class RulePilotApiTests : ApiTests
{
    [StorageFact]
    public async Task APilotRunsAtItsStoresUntilPromotedAndEveryStepIsAudited()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.CreateStoreAsync("S002");
        var cardNo = await admin.NewCardAsync("S001");
        await admin.TopUpAsync(cardNo, 100_000, "S001");

        var started = await admin.PostJsonAsync("/api/v1/rules/pilot", new { stores = new[] { "S002" }, rules = DomainApi.RuleSet(pointsPerYuan: 2) },
            HttpStatusCode.Created);
        Assert.Equal((1L, 2L, "S002"), (started.Field("current").Long("version"), started.Field("pilot").Field("rules").Long("version"),
            started.Field("pilot").Field("stores")[0].GetString()));
        Assert.Equal(1, (await admin.GetJsonAsync("/api/v1/rules")).Long("version"));
        Assert.Equal(2, (await admin.GetJsonAsync("/api/v1/rules/release")).Field("pilot").Field("rules").Long("version"));
        Assert.Equal(2, (await admin.GetJsonAsync("/api/v1/rules/2")).Long("pointsPerYuan"));

        Assert.Equal((2L, 200L), await QuoteAsync(admin, cardNo, "S002"));
        Assert.Equal((1L, 100L), await QuoteAsync(admin, cardNo, "S001"));
        Assert.Equal(2, (await admin.GetJsonAsync($"/api/v1/cards/{cardNo}/top-up-preview?amount=10000&storeId=S002")).Long("rulesVersion"));
        Assert.Equal(1, (await admin.GetJsonAsync($"/api/v1/cards/{cardNo}/top-up-preview?amount=10000")).Long("rulesVersion"));
        var atPilot = await admin.PurchaseAsync(cardNo, "P-1", "S002", 10_000, 0);
        var elsewhere = await admin.PurchaseAsync(cardNo, "P-2", "S001", 10_000, 0);
        Assert.Equal((2L, 200L, 1L, 100L), (atPilot.Long("rulesVersion"), atPilot.Long("pointsEarned"), elsewhere.Long("rulesVersion"), elsewhere.Long("pointsEarned")));
        Assert.Equal(2, (await admin.TopUpAsync(cardNo, 10_000, "S002")).Long("rulesVersion"));

        var promoted = await admin.PostJsonAsync("/api/v1/rules/2/promote", null, HttpStatusCode.OK);
        Assert.Equal((2L, JsonValueKind.Null), (promoted.Field("current").Long("version"), promoted.GetProperty("pilot").ValueKind));
        Assert.Equal(2, (await admin.GetJsonAsync("/api/v1/rules")).Long("version"));
        Assert.Equal((2L, 200L), await QuoteAsync(admin, cardNo, "S001"));
        Assert.Equal(2, (await admin.PurchaseAsync(cardNo, "P-3", "S001", 10_000, 0)).Long("rulesVersion"));

        var ledger = await admin.ReadLedgerAsync(cardNo);
        Assert.Equal([2L, 2L, 1L, 2L, 1L], ledger.Select(e => e.Long("rulesVersion")));
        foreach (var action in new[] { "rules.pilot", "rules.promote" })
        {
            var entry = Assert.Single((await admin.GetJsonAsync($"/api/v1/audit?action={action}")).Field("items").EnumerateArray());
            Assert.Equal("rules/2", entry.Text("target"));
        }
    }

    [StorageFact]
    public async Task RefusedStepsAnswerStableCodesWriteNothingAndARollBackSendsPilotStoresBack()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.CreateStoreAsync("S002");
        var cardNo = await admin.NewCardAsync("S001");
        var rules = DomainApi.RuleSet(pointsPerYuan: 2);

        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules/2/promote", new { }), HttpStatusCode.Conflict, "rules_pilot_not_running");
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules/1/rollback", new { }), HttpStatusCode.Conflict, "rules_pilot_not_running");
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules/pilot", new { stores = new[] { "S002", "S404" }, rules }),
            HttpStatusCode.NotFound, "store_not_found");
        await ProblemAssert.ValidationAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules/pilot", new { stores = Array.Empty<string>(), rules }), "stores");
        await ProblemAssert.ValidationAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules/pilot", new { stores = new[] { "S 1" }, rules }), "stores[0]");
        await ProblemAssert.ValidationAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules/pilot", new { stores = new[] { "S002" } }), "rules");
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules/pilot", new { stores = new[] { "S002" }, rules = DomainApi.RuleSet(tiers: []) }),
            HttpStatusCode.BadRequest, "validation_failed");
        var untouched = await admin.GetJsonAsync("/api/v1/rules/release");
        Assert.Equal((1L, JsonValueKind.Null), (untouched.Field("current").Long("version"), untouched.GetProperty("pilot").ValueKind));
        await ProblemAssert.IsAsync(await admin.Http.GetAsync("/api/v1/rules/2"), HttpStatusCode.NotFound, "rules_version_not_found");

        await admin.PostJsonAsync("/api/v1/rules/pilot", new { stores = new[] { "S002" }, rules }, HttpStatusCode.Created);
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules/pilot", new { stores = new[] { "S001" }, rules }),
            HttpStatusCode.Conflict, "rules_pilot_running");
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules", rules), HttpStatusCode.Conflict, "rules_pilot_running");
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules/3/promote", new { }), HttpStatusCode.Conflict, "rules_pilot_not_running");
        Assert.Equal((2L, 200L), await QuoteAsync(admin, cardNo, "S002"));

        var rolledBack = await admin.PostJsonAsync("/api/v1/rules/2/rollback", null, HttpStatusCode.OK);
        Assert.Equal((1L, JsonValueKind.Null), (rolledBack.Field("current").Long("version"), rolledBack.GetProperty("pilot").ValueKind));
        Assert.Equal((1L, 100L), await QuoteAsync(admin, cardNo, "S002"));
        Assert.Equal(1, (await admin.PurchaseAsync(cardNo, "P-1", "S002", 10_000, 0)).Long("rulesVersion"));
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules/2/rollback", new { }), HttpStatusCode.Conflict, "rules_pilot_not_running");
        Assert.Equal(2, (await admin.GetJsonAsync("/api/v1/rules/2")).Long("pointsPerYuan"));
        Assert.Equal(3, (await admin.PublishAsync(rules)).Long("version"));

        var rollbacks = (await admin.GetJsonAsync("/api/v1/audit?action=rules.rollback")).Field("items").EnumerateArray().ToList();
        Assert.Equal(["rules_pilot_not_running", "ok", "rules_pilot_not_running"], rollbacks.Select(e => e.Text("result")));
        var pilots = (await admin.GetJsonAsync("/api/v1/audit?action=rules.pilot")).Field("items").EnumerateArray().ToList();
        Assert.Equal(["rules_pilot_running", "ok", "validation_failed", "validation_failed", "validation_failed", "validation_failed", "store_not_found"],
            pilots.Select(e => e.Text("result")));
    }

    private static async Task<(long RulesVersion, long PointsEarned)> QuoteAsync(PosClient admin, string cardNo, string storeId)
    {
        var quote = await admin.PostJsonAsync($"/api/v1/cards/{cardNo}/quotes", new { storeId, amount = 10_000 }, HttpStatusCode.OK);
        return (quote.Long("rulesVersion"), quote.Long("pointsEarned"));
    }
}

public sealed class SqliteRulePilotApiTests : RulePilotApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
