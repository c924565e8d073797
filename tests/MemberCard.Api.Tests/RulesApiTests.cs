using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>Rules as versioned data: publish, new transactions only, the version on every entry, promotions.</summary>
public abstract class RulesApiTests : ApiTests
{
    [StorageFact]
    public async Task APublishedVersionAppliesToNewTransactionsAndEveryEntryNamesItsVersion()
    {
        var clock = new FakeTimeProvider(DomainApi.Start); // 2026-01-01, a Thursday
        await using var app = await StartAsync(services: DomainApi.WithClock(clock));
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.CreateStoreAsync("S002");
        var seed = await admin.GetJsonAsync("/api/v1/rules");
        Assert.Equal((1L, 500_000L), (seed.Long("version"), seed.Field("products")[0].Long("balanceCap")));
        var cardNo = await admin.NewCardAsync("S001");
        var v1 = await admin.PurchaseAsync(cardNo, "V-1", "S001", 10_000, 0);
        Assert.Equal((100L, 1L), (v1.Long("pointsEarned"), v1.Long("rulesVersion")));

        var thursdayDouble = new { name = "thursday-S001", storeId = "S001", weekday = 4, multiplierPercent = 200 };
        var published = await admin.PublishAsync(DomainApi.RuleSet(pointsPerYuan: 2, promotions: [thursdayDouble]));
        Assert.Equal(2, published.Long("version"));
        var v2 = await admin.PurchaseAsync(cardNo, "V-2", "S001", 10_000, 0);
        Assert.Equal((400L, 2L), (v2.Long("pointsEarned"), v2.Long("rulesVersion")));
        Assert.Equal(200, (await admin.PurchaseAsync(cardNo, "V-3", "S002", 10_000, 0)).Long("pointsEarned"));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(200, (await admin.PurchaseAsync(cardNo, "V-4", "S001", 10_000, 0)).Long("pointsEarned"));

        var ledger = await admin.ReadLedgerAsync(cardNo);
        Assert.Equal([2L, 2L, 2L, 1L], ledger.Select(e => e.Long("rulesVersion")));
        Assert.Equal(1, (await admin.GetJsonAsync("/api/v1/rules/1")).Long("pointsPerYuan"));
        await ProblemAssert.IsAsync(await admin.Http.GetAsync("/api/v1/rules/99"), HttpStatusCode.NotFound, "rules_version_not_found");

        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/rules", DomainApi.RuleSet(tiers: [])), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(2, (await admin.GetJsonAsync("/api/v1/rules")).Long("version"));
    }
}

public sealed class SqliteRulesApiTests : RulesApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
