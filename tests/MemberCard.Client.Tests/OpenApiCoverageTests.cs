using System.Reflection;
using System.Text.Json;

namespace MemberCard.Client.Tests;

/// <summary>The client and the server's OpenAPI document cannot drift apart: every POS operation has a client method, and each method's route exists.</summary>
public sealed class OpenApiCoverageTests(ClientTestServer server) : IClassFixture<ClientTestServer>
{
    private static readonly Type[] ClientParts = [typeof(StoresClient), typeof(MembersClient), typeof(CardsClient), typeof(CouponsClient), typeof(ActivitiesClient), typeof(MallClient)];

    [Fact]
    public async Task EveryOperationOfThePosTagHasAClientMethod()
    {
        var document = await OperationsAsync();
        var pos = document.Where(o => o.Tags.Contains("POS")).Select(o => o.OperationId).ToHashSet();
        var covered = ClientOperations().Select(o => o.OperationId).ToHashSet();

        Assert.Contains("TopUp", pos);
        Assert.Contains("QuotePurchase", pos);
        Assert.Contains("ListMemberCoupons", pos);
        Assert.DoesNotContain("CreateApiKey", pos);
        Assert.Empty(pos.Except(covered).Order());
    }

    [Fact]
    public async Task EveryClientMethodCallsAnOperationOfTheDocumentByItsMethodAndPath()
    {
        var document = (await OperationsAsync()).ToDictionary(o => o.OperationId);

        Assert.All(ClientOperations(), operation =>
        {
            Assert.True(document.TryGetValue(operation.OperationId, out var served), $"{operation.OperationId} is not in the document");
            Assert.Equal((served!.Method, served.Path), (operation.Method, operation.Path));
        });
    }

    [Fact]
    public void EveryPublicCallOfTheClientNamesItsOperationOrPagesOne()
    {
        var unnamed = ClientParts.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<PosOperationAttribute>() is null && !m.Name.EndsWith("PageAsync", StringComparison.Ordinal))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}");

        Assert.Empty(unnamed);
    }

    private static IEnumerable<PosOperationAttribute> ClientOperations() =>
        ClientParts.SelectMany(t => t.GetMethods()).Select(m => m.GetCustomAttribute<PosOperationAttribute>()).OfType<PosOperationAttribute>();

    private async Task<List<DocumentOperation>> OperationsAsync()
    {
        using var http = server.CreateClient();
        var text = await http.GetStringAsync("/openapi/v1.json");
        var paths = JsonDocument.Parse(text).RootElement.GetProperty("paths");
        var operations = new List<DocumentOperation>();
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Object && m.Value.TryGetProperty("operationId", out _)))
            {
                var tags = method.Value.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
                operations.Add(new DocumentOperation(method.Value.GetProperty("operationId").GetString()!, method.Name.ToUpperInvariant(), path.Name, tags));
            }
        }
        Assert.NotEmpty(operations);
        return operations;
    }

    private sealed record DocumentOperation(string OperationId, string Method, string Path, HashSet<string> Tags);
}
