using System.Net;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>
/// The rules belong to the cluster: the first start stores its configured seed, and a silo started later with other
/// rules in its configuration serves and pays by the stored ones.
/// </summary>
public abstract class RulesSeedApiTests : ApiTests
{
    private static Dictionary<string, string?> Bonus(long bonus) => new()
    {
        ["Rules:TopUpBonus:0:MinAmount"] = "10000",
        ["Rules:TopUpBonus:0:Bonus"] = bonus.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Rules:TopUpBonus:1:MinAmount"] = "50000",
        ["Rules:TopUpBonus:1:Bonus"] = "12000",
    };

    [StorageFact]
    public async Task ASiloConfiguredWithOtherRulesPaysTheStoredOnes()
    {
        var first = await StartAsync(Bonus(2000));
        var admin = first.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var cardNo = await admin.NewCardAsync("S001");
        var stored = await PosClient.ExpectAsync(await admin.Http.GetAsync("/api/v1/rules"), HttpStatusCode.OK);

        await using var second = await first.RestartAsync(Bonus(9999));
        var again = second.CreateAdminPos();
        var current = await PosClient.ExpectAsync(await again.Http.GetAsync("/api/v1/rules"), HttpStatusCode.OK);
        Assert.Equal(stored.GetRawText(), current.GetRawText());
        var topUp = await again.TopUpAsync(cardNo, 10000, "S001");
        Assert.Equal(2000, topUp.Long("bonus"));
    }
}

public sealed class SqliteRulesSeedApiTests : RulesSeedApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresRulesSeedApiTests : RulesSeedApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
