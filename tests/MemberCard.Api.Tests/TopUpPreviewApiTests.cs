using System.Net;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>GET /cards/{cardNo}/top-up-preview: the bonus and resulting balance for every till role, with nothing written.</summary>
public abstract class TopUpPreviewApiTests : ApiTests
{
    [StorageFact]
    public async Task ThePreviewGivesTheBonusTheTopUpThenGivesAndWritesNothing()
    {
        await using var app = await StartAsync(SecurityApiTests.Settings);
        var admin = app.CreateAdminPos();
        await admin.PublishAsync(DomainApi.RuleSet());
        await admin.CreateStoreAsync("S001");
        var cardNo = await admin.NewCardAsync("S001");
        await admin.TopUpAsync(cardNo, 5_000, "S001");
        var cashier = new PosClient(SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "preview.cashier", "cashier", "S001")));
        var before = await admin.SnapshotAsync(cardNo);

        var preview = await cashier.GetJsonAsync($"/api/v1/cards/{cardNo}/top-up-preview?amount=10000");
        Assert.Equal((10_000L, 2_000L, 17_000L, 15_000L, 2_000L), (preview.Long("amount"), preview.Long("bonus"), preview.Long("balance"),
            preview.Long("principal"), preview.Long("bonusBalance")));
        var below = await cashier.GetJsonAsync($"/api/v1/cards/{cardNo}/top-up-preview?amount=9999");
        Assert.Equal((0L, 14_999L), (below.Long("bonus"), below.Long("balance")));
        Assert.Equal(before, await admin.SnapshotAsync(cardNo));

        var topUp = await cashier.TopUpAsync(cardNo, 10_000, "S001");
        Assert.Equal((preview.Long("bonus"), preview.Long("balance")), (topUp.Long("bonus"), topUp.Long("balance")));
        var manager = SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "preview.manager", "store_manager", "S001"));
        await PosClient.ExpectAsync(await manager.GetAsync($"/api/v1/cards/{cardNo}/top-up-preview?amount=50000"), HttpStatusCode.OK);
    }

    [StorageFact]
    public async Task ThePreviewRefusesWhatTheTopUpWouldRefuseAndRolesThatCannotTopUp()
    {
        await using var app = await StartAsync(SecurityApiTests.Settings);
        var admin = app.CreateAdminPos();
        await admin.PublishAsync(DomainApi.RuleSet());
        await admin.CreateStoreAsync("S001");
        var cardNo = await admin.NewCardAsync("S001");
        var path = $"/api/v1/cards/{cardNo}/top-up-preview";

        await ProblemAssert.ValidationAsync(await admin.Http.GetAsync(path), "amount");
        await ProblemAssert.ValidationAsync(await admin.Http.GetAsync($"{path}?amount=0"), "amount");
        await ProblemAssert.ValidationAsync(await admin.Http.GetAsync($"{path}?amount=100000001"), "amount");
        await ProblemAssert.IsAsync(await admin.Http.GetAsync($"{path}?amount=ten"), HttpStatusCode.BadRequest, "validation_failed");
        await ProblemAssert.IsAsync(await admin.Http.GetAsync("/api/v1/cards/0000000000000000/top-up-preview?amount=100"), HttpStatusCode.NotFound, "card_not_found");
        // The cap is 500,000: 490,000 + its 12,000 bonus passes it.
        await ProblemAssert.IsAsync(await admin.Http.GetAsync($"{path}?amount=490000"), HttpStatusCode.Conflict, "balance_cap_exceeded");
        await admin.PostJsonAsync($"/api/v1/cards/{cardNo}/freeze", null, HttpStatusCode.OK);
        await ProblemAssert.IsAsync(await admin.Http.GetAsync($"{path}?amount=100"), HttpStatusCode.Conflict, "card_frozen");

        foreach (var role in new[] { "marketing", "finance" })
        {
            var client = SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "preview." + role, role, null));
            await ProblemAssert.IsAsync(await client.GetAsync($"{path}?amount=100"), HttpStatusCode.Forbidden, "forbidden");
        }
    }
}

public sealed class SqliteTopUpPreviewApiTests : TopUpPreviewApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
