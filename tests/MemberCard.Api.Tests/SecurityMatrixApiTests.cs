using System.Net;
using System.Net.Http.Json;
using MemberCard.Server.Api.Auth;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Api.Tests;

/// <summary>
/// Walks the role matrix of docs/security.md: every endpoint of the running app (from its EndpointDataSource)
/// must have a row, and every role gets 403 where the row says "–" and anything but 401/403 where it allows
/// (a member's "own data": the handlers take the member from the token, MemberSelfServiceApiTests shows no other's).
/// </summary>
public abstract class SecurityMatrixApiTests
{
    private static readonly string[] RoleColumns = ["admin", "marketing", "finance", "store_manager", "cashier", "terminal", "member"];

    protected abstract StorageKind Storage { get; }

    [StorageFact]
    public async Task EveryEndpointAnswersEveryRoleAsTheMatrixSays()
    {
        var matrix = ReadMatrix();
        await using var app = await MemberCardApplication.StartAsync(Storage, SecurityApiTests.Settings);
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.CreateStoreAsync("S002");
        var terminal = await PosClient.ExpectAsync(
            await admin.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001" }), HttpStatusCode.Created);
        var clients = new Dictionary<string, HttpClient>
        {
            ["admin"] = app.CreateAdminClient(),
            ["terminal"] = app.CreateClientWithKey(terminal.Text("apiKey")),
        };
        foreach (var role in new[] { "marketing", "finance" })
            clients[role] = SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "u-" + role, role, null));
        foreach (var role in new[] { "store_manager", "cashier" })
            clients[role] = SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "u-" + role, role, "S001"));
        var member = await admin.RegisterMemberAsync("S001");
        var cardNo = (await admin.IssueCardAsync(member.Text("memberId"))).Text("cardNo");
        await admin.TopUpAsync(cardNo, 100000, "S001");
        // A member of their own (the staff rows erase the first one), with their token (the sign-in that yields it:
        // MemberSelfServiceApiTests); /me routes name that member's card.
        var self = await admin.RegisterMemberAsync("S001");
        var ownCardNo = (await admin.IssueCardAsync(self.Text("memberId"))).Text("cardNo");
        clients["member"] = SecurityApiTests.WithBearer(app, app.Services.GetRequiredService<JwtTokens>().IssueMember(self.Text("memberId"), ""));

        var endpoints = SecurityApiTests.Endpoints(app);
        Assert.Empty(endpoints.Select(e => e.Route).Except(matrix.Keys));
        Assert.Empty(matrix.Keys.Except(endpoints.Select(e => e.Route)));
        var n = 0;
        foreach (var endpoint in endpoints)
        {
            var row = matrix[endpoint.Route];
            if (endpoint.Anonymous)
            {
                Assert.All(row.Values, v => Assert.Equal("anyone", v));
                continue;
            }
            foreach (var role in RoleColumns)
            {
                foreach (var store in row[role] == "own store" ? new[] { "S001", "S002" } : ["S001"])
                {
                    var card = endpoint.Path.StartsWith("/api/v1/me/", StringComparison.Ordinal) ? ownCardNo : cardNo;
                    var response = await SendAsync(clients[role], endpoint.Method, endpoint.Path, member.Text("memberId"), card, store, ++n);
                    var allowed = row[role] is "✓" or "own data" || (row[role] == "own store" && store == "S001");
                    var status = (int)response.StatusCode;
                    if (allowed) Assert.True(status is not (401 or 403), $"{role} {endpoint.Route} ({store}): {status} {await response.Content.ReadAsStringAsync()}");
                    else Assert.True(status == 403, $"{role} {endpoint.Route} ({store}): expected 403, got {status}");
                }
            }
            var anonymous = await SendAsync(app.CreateClient(), endpoint.Method, endpoint.Path, member.Text("memberId"), cardNo, "S001", ++n);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string memberId, string cardNo, string store, int n)
    {
        var url = path.Replace("{memberId}", memberId).Replace("{cardNo}", cardNo).Replace("{storeId}", store)
            .Replace("{keyId}", "000000000000").Replace("{username}", "nobody");
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", $"matrix-{n}");
        if (method != "GET")
        {
            request.Content = JsonContent.Create(new
            {
                storeId = store, name = "Matrix", phone = PosClient.UniquePhone(), amount = 100, orderNo = $"M-{n}", balanceAmount = 0,
                pointsToRedeem = 0, role = "terminal", reason = "matrix",
            });
        }
        return client.SendAsync(request);
    }

    /// <summary>"METHOD /path" → role → cell, from the table in docs/security.md.</summary>
    private static Dictionary<string, Dictionary<string, string>> ReadMatrix()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "security.md"))) directory = directory.Parent;
        Assert.NotNull(directory);
        var matrix = new Dictionary<string, Dictionary<string, string>>();
        foreach (var line in File.ReadLines(Path.Combine(directory.FullName, "docs", "security.md")).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length != RoleColumns.Length + 1) continue;
            matrix[cells[0].Trim('`')] = RoleColumns.Select((r, i) => (r, cells[i + 1])).ToDictionary(x => x.r, x => x.Item2);
        }
        return matrix;
    }
}

public sealed class SqliteSecurityMatrixApiTests : SecurityMatrixApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
