using System.Net;
using System.Net.Http.Json;

namespace MemberCard.Api.Tests.Hardening;

/// <summary>A store-bound credential registers members at its own store unless the request names one.</summary>
public sealed class MemberDefaultStoreApiTests
{
    [Fact]
    public async Task ATerminalKeyOfS1RegistersAMemberWithoutStoreIdAtS1()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S1");
        var key = await PosClient.ExpectAsync(
            await admin.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S1", name = "Till" }), HttpStatusCode.Created);
        var till = app.CreatePos(key.Text("apiKey"));

        var member = await till.RegisterMemberAsync(storeId: null);

        Assert.Equal("S1", member.Text("storeId"));
        Assert.Equal("S1", (await PosClient.ExpectAsync(await admin.Http.GetAsync($"/api/v1/members/{member.Text("memberId")}"), HttpStatusCode.OK)).Text("storeId"));
    }

    [Fact]
    public async Task AnAdminKeyRegistersAMemberWithoutStoreIdAtNoStore()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var admin = app.CreateAdminPos();

        var member = await admin.RegisterMemberAsync(storeId: null);

        Assert.Null(member.Str("storeId"));
    }
}
