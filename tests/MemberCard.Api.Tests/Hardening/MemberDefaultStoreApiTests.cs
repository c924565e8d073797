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
    public async Task ATerminalKeyOfS1NamingAnotherStoreIsRefusedAndWritesNothing()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S1");
        await admin.CreateStoreAsync("S2");
        var key = await PosClient.ExpectAsync(
            await admin.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S1", name = "Till" }), HttpStatusCode.Created);
        var till = app.CreatePos(key.Text("apiKey"));
        var phone = PosClient.UniquePhone();

        await ProblemAssert.IsAsync(await till.PostMemberAsync(new { phone, storeId = "S2" }), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await till.PostMemberAsync(new { phone, storeId = "S404" }), HttpStatusCode.Forbidden, "forbidden");

        // Nothing was written: the phone is still free, and registering it without storeId lands at the key's store.
        Assert.Equal("S1", (await till.RegisterMemberAsync(storeId: null, phone: phone)).Text("storeId"));
    }

    [Fact]
    public async Task ACashierTokenOfS1RegistersAMemberWithoutStoreIdAtS1()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, SecurityApiTests.Settings);
        await app.CreateAdminPos().CreateStoreAsync("S1");
        var cashier = new PosClient(SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "li.cashier", "cashier", "S1")));

        var member = await cashier.RegisterMemberAsync(storeId: null);

        Assert.Equal("S1", member.Text("storeId"));
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
