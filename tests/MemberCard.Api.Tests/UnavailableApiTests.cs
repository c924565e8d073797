using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>Database unreachable: 503 <c>unavailable</c>, nothing half-done, and a retry with the same key works afterwards.</summary>
public abstract class UnavailableApiTests : ApiTests
{
    [StorageFact]
    public async Task UnreachableDatabaseIsUnavailableAndRetriesSucceedOnceItIsBack()
    {
        var outage = new StorageOutage();
        await using var app = await StartAsync(services: outage.Install);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 10000, "S001"); // +2000 → 12000
        var phone = PosClient.UniquePhone();
        var topUpKey = PosClient.NewKey();
        var refundKey = PosClient.NewKey();
        await pos.PurchaseAsync(cardNo, "U-1", "S001", 1000, 1000); // → 11000, 10 points

        outage.Begin();
        var topUp = await pos.PostTopUpAsync(cardNo, new { amount = 10000, storeId = "S001" }, topUpKey);
        var purchase = await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("U-2", "S001", 1000, 1000));
        var refund = await pos.PostRefundAsync(cardNo, PosClient.Refund("U-1", "S001", null), refundKey);
        var register = await pos.PostMemberAsync(new { phone, storeId = "S001" });
        var lookup = await pos.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone });
        var unknownCard = await pos.Http.GetAsync("/api/v1/cards/1234567812345678");
        var newStore = await pos.Http.PostAsJsonAsync("/api/v1/stores", new { storeId = "S002", name = "Down" });
        var ready = await pos.Http.GetAsync("/health/ready");
        outage.End();

        foreach (var response in new[] { topUp, purchase, refund, register, lookup, unknownCard, newStore })
            await ProblemAssert.IsAsync(response, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);

        var card = await pos.GetCardAsync(cardNo);
        Assert.Equal(11000, card.Long("balance"));
        Assert.Equal(10, card.Long("points"));
        Assert.Equal(2, (await pos.ReadLedgerAsync(cardNo)).Count);
        Assert.Equal(HttpStatusCode.OK, (await pos.Http.GetAsync("/health/ready")).StatusCode);
        // The same requests, retried with the same keys, now take effect once.
        Assert.Equal(23000, (await pos.TopUpAsync(cardNo, 10000, "S001", topUpKey)).Long("balance"));
        Assert.Equal(23000, (await pos.TopUpAsync(cardNo, 10000, "S001", topUpKey)).Long("balance"));
        Assert.Equal(22000, (await pos.PurchaseAsync(cardNo, "U-2", "S001", 1000, 1000)).Long("balance"));
        Assert.Equal(23000, (await pos.RefundAsync(cardNo, "U-1", "S001", null, refundKey)).Long("balance"));
        await pos.RegisterMemberAsync("S001", phone);
        await ProblemAssert.IsAsync(await pos.Http.GetAsync("/api/v1/cards/1234567812345678"), HttpStatusCode.NotFound, "card_not_found");
        await pos.CreateStoreAsync("S002");
        Assert.Equal(5, (await pos.ReadLedgerAsync(cardNo)).Count);
    }
}

public sealed class SqliteUnavailableApiTests : UnavailableApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresUnavailableApiTests : UnavailableApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
