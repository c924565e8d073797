namespace MemberCard.Client.Tests;

public sealed class StoreClientTests(ClientTestServer server) : IClassFixture<ClientTestServer>
{
    [Fact]
    public async Task CreatedStoreCanBeReadBack()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = ClientTestServer.NewStoreId();

        var created = await client.Stores.CreateAsync(new CreateStoreRequest(storeId, "Xujiahui"));
        var read = await client.Stores.GetAsync(storeId);

        Assert.Equal(storeId, created.StoreId);
        Assert.Equal("Xujiahui", created.Name);
        Assert.Equal(created, read);
        Assert.True(DateTimeOffset.UtcNow - created.CreatedAt < TimeSpan.FromMinutes(5));
    }
}
