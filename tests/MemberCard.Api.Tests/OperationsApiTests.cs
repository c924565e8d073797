using System.Net;
using System.Text.Json;

namespace MemberCard.Api.Tests;

/// <summary>Health probes, the OpenAPI document and Swagger UI. They do not depend on the storage provider.</summary>
public sealed class OperationsApiTests
{
    private static readonly string[] ContractPaths =
    [
        "/api/v1/stores",
        "/api/v1/stores/{storeId}",
        "/api/v1/members",
        "/api/v1/members/{memberId}",
        "/api/v1/members/lookup",
        "/api/v1/members/{memberId}/cards",
        "/api/v1/cards/{cardNo}",
        "/api/v1/cards/{cardNo}/top-ups",
        "/api/v1/cards/{cardNo}/purchases",
        "/api/v1/cards/{cardNo}/refunds",
        "/api/v1/cards/{cardNo}/freeze",
        "/api/v1/cards/{cardNo}/unfreeze",
        "/api/v1/cards/{cardNo}/transactions",
    ];

    [Fact]
    public async Task HealthProbesAnswerWithoutACredential()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var anonymous = app.CreateClientWithKey(null);

        var live = await anonymous.GetAsync("/health/live");
        var ready = await anonymous.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocumentListsEveryContractPathAndTheApiKeyScheme()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var anonymous = app.CreateClientWithKey(null);

        var response = await anonymous.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(ContractPaths, path => Assert.True(paths.Contains(path), $"{path} is missing; the document has: {string.Join(", ", paths.Order())}"));
        Assert.True(paths.Contains("/api/v1/api-keys"), string.Join(", ", paths.Order()));
        var post = (string path) => document.GetProperty("paths").GetProperty(path).TryGetProperty("post", out _);
        Assert.True(post("/api/v1/cards/{cardNo}/top-ups"));
        Assert.True(post("/api/v1/cards/{cardNo}/purchases"));
        Assert.True(post("/api/v1/cards/{cardNo}/refunds"));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
    }

    [Fact]
    public async Task SwaggerUiIsServed()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);

        var response = await app.CreateClientWithKey(null).GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
