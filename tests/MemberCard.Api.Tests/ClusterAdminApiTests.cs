using System.Net;

namespace MemberCard.Api.Tests;

/// <summary>
/// What an operator reads of the cluster: the silos with their activations per grain type, and the grains active on
/// one silo, named as Orleans names them. Provider-independent, so SQLite only (the cluster tests run three silos).
/// </summary>
public sealed class ClusterAdminApiTests
{
    [Fact]
    public async Task TheSiloListsItsActivationsByGrainTypeAndByKey()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, SecurityApiTests.Settings);
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var member = await admin.RegisterMemberAsync("S001");
        var cardNo = (await admin.IssueCardAsync(member.Text("memberId"))).Text("cardNo");

        var cluster = await PosClient.ExpectAsync(await admin.Http.GetAsync("/api/v1/admin/cluster"), HttpStatusCode.OK);
        var silo = Assert.Single(cluster.Field("silos").EnumerateArray());
        Assert.Equal("Active", silo.Str("status"));
        Assert.Equal(cluster.Str("thisSilo"), silo.Str("address"));
        var byType = silo.Field("activationsByType");
        Assert.True(byType.Long("card") >= 1, byType.GetRawText());
        Assert.True(byType.Long("member") >= 1, byType.GetRawText());
        Assert.Equal(byType.EnumerateObject().Sum(p => p.Value.GetInt64()), silo.Long("activations"));

        var address = silo.Str("address")!;
        var activations = await PosClient.ExpectAsync(
            await admin.Http.GetAsync($"/api/v1/admin/cluster/activations?silo={Uri.EscapeDataString(address)}"), HttpStatusCode.OK);
        Assert.Equal(address, activations.Str("silo"));
        Assert.Contains(activations.Field("items").EnumerateArray(), a => a.Str("type") == "card" && a.Str("key") == cardNo);
        Assert.Contains(activations.Field("items").EnumerateArray(), a => a.Str("type") == "member" && a.Str("key") == member.Text("memberId"));
        Assert.False(activations.Field("truncated").GetBoolean());

        var port = address.Split(':')[1].Split('@')[0];
        var byPort = await PosClient.ExpectAsync(await admin.Http.GetAsync($"/api/v1/admin/cluster/activations?silo={port}&limit=1"), HttpStatusCode.OK);
        Assert.Single(byPort.Field("items").EnumerateArray());
        Assert.True(byPort.Field("truncated").GetBoolean());
        Assert.True(byPort.Long("total") > 1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?silo=1")]
    [InlineData("?silo=nowhere")]
    [InlineData("?silo=1&limit=0")]
    [InlineData("?silo=1&limit=10001")]
    public async Task AnUnknownSiloOrABadLimitIsRefused(string query)
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, SecurityApiTests.Settings);
        await ProblemAssert.IsAsync(await app.CreateAdminClient().GetAsync("/api/v1/admin/cluster/activations" + query),
            HttpStatusCode.BadRequest, "validation_failed");
    }
}
