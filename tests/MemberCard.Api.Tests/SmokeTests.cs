using System.Net;
using System.Net.Http.Json;

namespace MemberCard.Api.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task StoreCanBeCreatedAndReadBack()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var client = app.CreateAdminClient();

        var created = await client.PostAsJsonAsync("/api/v1/stores", new { storeId = "S001", name = "Xujiahui" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var read = await client.GetAsync("/api/v1/stores/S001");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }
}
