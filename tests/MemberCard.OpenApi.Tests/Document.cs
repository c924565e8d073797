using System.Text.Json.Nodes;
using MemberCard.Api.Tests;

namespace MemberCard.OpenApi.Tests;

/// <summary>The document the server serves at /openapi/v1.json, fetched once per test class.</summary>
public sealed class Document : IAsyncLifetime
{
    public string Json { get; private set; } = "";

    public JsonObject Root { get; private set; } = new();

    /// <summary>Every operation: path, method and the operation object.</summary>
    public IEnumerable<(string Path, string Method, JsonObject Operation)> Operations =>
        Root["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => (p.Key, m.Key, m.Value!.AsObject())));

    public JsonObject Schema(string name) => Root["components"]!["schemas"]![name]!.AsObject();

    public JsonObject Operation(string path, string method) => Root["paths"]![path]![method]!.AsObject();

    public async Task InitializeAsync()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var response = await app.CreateClientWithKey(null).GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        Json = await response.Content.ReadAsStringAsync();
        Root = JsonNode.Parse(Json)!.AsObject();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
