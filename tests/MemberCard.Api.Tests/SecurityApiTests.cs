using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MemberCard.Runtime.Streams;
using MemberCard.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MemberCard.Api.Tests;

/// <summary>Credentials, tokens, audit and personal data, end to end.</summary>
public abstract class SecurityApiTests
{
    /// <summary>Fixed so tests can forge tokens signed with the server's own key.</summary>
    public static readonly byte[] SigningKey = SHA256.HashData("security-tests-signing-key"u8);

    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Auth:PasswordIterations"] = "1000",
        ["Auth:Jwt:SigningKey"] = Convert.ToBase64String(SigningKey),
    };

    public const string Password = "correct horse battery";

    protected abstract StorageKind Storage { get; }

    protected Task<MemberCardApplication> StartAsync(Action<IServiceCollection>? services = null) =>
        MemberCardApplication.StartAsync(Storage, Settings, services);

    [StorageFact]
    public async Task ApiKeyLifecycleCreateUseListRotateRevoke()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var created = await PosClient.ExpectAsync(
            await admin.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001", name = "Till 1" }), HttpStatusCode.Created);
        var (keyId, secret) = (created.Text("keyId"), created.Text("apiKey"));
        await PosClient.ExpectAsync(await app.CreateClientWithKey(secret).GetAsync("/api/v1/stores/S001"), HttpStatusCode.OK);

        var listText = await (await admin.Http.GetAsync("/api/v1/api-keys")).Content.ReadAsStringAsync();
        Assert.Contains(keyId, listText);
        Assert.DoesNotContain(secret, listText);
        Assert.DoesNotContain(ApiKeyHash(secret), listText);

        var rotated = await PosClient.ExpectAsync(await admin.Http.PostAsync($"/api/v1/api-keys/{keyId}/rotate", null), HttpStatusCode.OK);
        Assert.Equal(("terminal", "S001"), (rotated.Text("role"), rotated.Text("storeId")));
        await ProblemAssert.IsAsync(await app.CreateClientWithKey(secret).GetAsync("/api/v1/stores/S001"), HttpStatusCode.Unauthorized, "unauthorized");
        var fresh = app.CreateClientWithKey(rotated.Text("apiKey"));
        await PosClient.ExpectAsync(await fresh.GetAsync("/api/v1/stores/S001"), HttpStatusCode.OK);

        await PosClient.ExpectAsync(await admin.Http.PostAsync($"/api/v1/api-keys/{rotated.Text("keyId")}/revoke", null), HttpStatusCode.OK);
        await ProblemAssert.IsAsync(await fresh.GetAsync("/api/v1/stores/S001"), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAssert.IsAsync(await admin.Http.PostAsync("/api/v1/api-keys/000000000000/revoke", null), HttpStatusCode.NotFound, "api_key_not_found");
    }

    [StorageFact]
    public async Task StaffLogInAndTokensAreCheckedForSignatureExpiryIssuerAndAudience()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var token = await StaffTokenAsync(app, "li.cashier", "cashier", "S001");
        var cashier = WithBearer(app, token);
        var cardNo = await new PosClient(cashier).NewCardAsync("S001");
        await new PosClient(cashier).TopUpAsync(cardNo, 1000, "S001");

        var tampered = token[..^2] + (token[^2] == 'A' ? "BA" : "AA");
        await ProblemAssert.IsAsync(await WithBearer(app, tampered).GetAsync($"/api/v1/cards/{cardNo}"), HttpStatusCode.Unauthorized, "unauthorized");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var forged in new[]
        {
            Forge(new { iss = "membercard", aud = "membercard-api", sub = "li.cashier", role = "cashier", store_id = "S001", exp = now - 1 }),
            Forge(new { iss = "someone-else", aud = "membercard-api", sub = "li.cashier", role = "cashier", store_id = "S001", exp = now + 600 }),
            Forge(new { iss = "membercard", aud = "another-api", sub = "li.cashier", role = "cashier", store_id = "S001", exp = now + 600 }),
            Forge(new { iss = "membercard", aud = "membercard-api", sub = "x", role = "admin", exp = now + 600 }, SHA256.HashData("wrong key"u8)),
        })
        {
            await ProblemAssert.IsAsync(await WithBearer(app, forged).GetAsync($"/api/v1/cards/{cardNo}"), HttpStatusCode.Unauthorized, "unauthorized");
        }
        // The same forger with the real key is accepted: the refusals above are for the stated reasons only.
        var valid = Forge(new { iss = "membercard", aud = "membercard-api", sub = "li.cashier", role = "cashier", store_id = "S001", exp = now + 600 });
        await PosClient.ExpectAsync(await WithBearer(app, valid).GetAsync($"/api/v1/cards/{cardNo}"), HttpStatusCode.OK);
        await ProblemAssert.IsAsync(await app.CreateClient().GetAsync($"/api/v1/cards/{cardNo}"), HttpStatusCode.Unauthorized, "unauthorized");
        // Cross-store: the cashier of S001 may not charge for S002.
        await admin.CreateStoreAsync("S002");
        await ProblemAssert.IsAsync(
            await new PosClient(cashier).PostPurchaseAsync(cardNo, PosClient.Purchase("X-1", "S002", 100, 100)), HttpStatusCode.Forbidden, "forbidden");
    }

    [StorageFact]
    public async Task RepeatedFailedLogInsLockTheAccountWithRetryAfter()
    {
        await using var app = await StartAsync();
        await StaffTokenAsync(app, "fin", "finance", null);
        var client = app.CreateClient();
        for (var i = 0; i < 4; i++)
            await ProblemAssert.IsAsync(await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "fin", password = "wrong password!" }),
                HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAssert.IsAsync(await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "fin", password = "wrong password!" }),
            HttpStatusCode.Unauthorized, "unauthorized");

        var locked = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "fin", password = Password });
        Assert.NotNull(locked.Headers.RetryAfter);
        await ProblemAssert.IsAsync(locked, HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [StorageFact]
    public async Task ApiResponsesCarrySecurityHeaders()
    {
        await using var app = await StartAsync();
        var response = await app.CreateAdminClient().GetAsync("/api/v1/stores/S404");

        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    // POSTs that write nothing: sign-ins (staff, and a member's: its code request writes only the sealed message to the
    // member's own phone, no staff actor acts), reads with a body, and the dashboard cookie (it carries the caller's own token).
    private static readonly string[] NotAudited =
    [
        "POST /api/v1/auth/token", "POST /api/v1/members/lookup", "POST /api/v1/cards/{cardNo}/quotes",
        "POST /api/v1/campaigns/segment-count", "POST /api/v1/admin/dashboard/session", "DELETE /api/v1/admin/dashboard/session",
        "POST /api/v1/member-auth/code", "POST /api/v1/member-auth/token",
        // A member's own sign-up and cancellation: no staff acts; the activity's registrations record them.
        "POST /api/v1/me/activities/{activityId}/sign-up", "POST /api/v1/me/activities/{activityId}/cancel",
    ];

    [StorageFact]
    public async Task EveryMutatingEndpointLeavesExactlyOneAuditEntry()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        var mutating = Endpoints(app).Where(e => e.Method != "GET" && e.Audited is not null).ToList();
        Assert.All(Endpoints(app).Where(e => e.Method != "GET" && e.Audited is null),
            e => Assert.Contains(e.Route, NotAudited));

        var seen = new HashSet<string>();
        async Task Act(string route, Func<Task<HttpResponseMessage>> send)
        {
            var before = await AuditCountAsync(admin);
            var response = await send();
            Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(before + 1, await AuditCountAsync(admin));
            seen.Add(route);
        }
        await Act("POST /api/v1/stores", () => admin.Http.PostAsJsonAsync("/api/v1/stores", new { storeId = "S001", name = "A" }));
        string memberId = "", cardNo = "", keyId = "";
        await Act("POST /api/v1/members", async () =>
        {
            var r = await admin.PostMemberAsync(new { phone = PosClient.UniquePhone(), storeId = "S001" });
            memberId = (await r.Content.ReadFromJsonAsync<JsonElement>()).Text("memberId");
            return r;
        });
        await Act("POST /api/v1/members/{memberId}/cards", async () =>
        {
            var r = await admin.Http.PostAsJsonAsync($"/api/v1/members/{memberId}/cards", new { });
            cardNo = (await r.Content.ReadFromJsonAsync<JsonElement>()).Text("cardNo");
            return r;
        });
        await Act("POST /api/v1/cards/{cardNo}/top-ups", () => admin.PostTopUpAsync(cardNo, new { amount = 5000, storeId = "S001" }, PosClient.NewKey()));
        await Act("POST /api/v1/cards/{cardNo}/purchases", () => admin.PostPurchaseAsync(cardNo, PosClient.Purchase("A-1", "S001", 1000, 1000)));
        await Act("POST /api/v1/cards/{cardNo}/refunds", () => admin.PostRefundAsync(cardNo, PosClient.Refund("A-1", "S001", 100), PosClient.NewKey()));
        await Act("POST /api/v1/cards/{cardNo}/freeze", () => admin.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/freeze", new { reason = "lost" }));
        await Act("POST /api/v1/cards/{cardNo}/unfreeze", () => admin.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/unfreeze", new { reason = "found" }));
        await Act("POST /api/v1/cards/{cardNo}/points-adjustments", () =>
            admin.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/points-adjustments", new { points = 5, reason = "goodwill" }));
        await Act("POST /api/v1/cards/{cardNo}/points-expiry", () => admin.Http.PostAsync($"/api/v1/cards/{cardNo}/points-expiry", null));
        await Act("PATCH /api/v1/members/{memberId}", () => admin.Http.PatchAsJsonAsync($"/api/v1/members/{memberId}", new { name = "Han Meimei" }));
        await Act("POST /api/v1/members/{memberId}/phone-change",
            () => admin.Http.PostAsJsonAsync($"/api/v1/members/{memberId}/phone-change", new { phone = PosClient.UniquePhone() }));
        var code = await PhoneChangeApiTests.StoredCodeAsync(app, memberId);
        await Act("POST /api/v1/members/{memberId}/phone-change/confirm",
            () => admin.Http.PostAsJsonAsync($"/api/v1/members/{memberId}/phone-change/confirm", new { code }));
        await Act("PUT /api/v1/members/{memberId}/tags", () => admin.Http.PutAsJsonAsync($"/api/v1/members/{memberId}/tags", new { tags = new[] { "vip" } }));
        await Act("POST /api/v1/members/{memberId}/tier-review", () => admin.Http.PostAsync($"/api/v1/members/{memberId}/tier-review", null));
        var replacement = "";
        await Act("POST /api/v1/cards/{cardNo}/replace", async () =>
        {
            var r = await admin.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/replace", new { reason = "lost" });
            replacement = (await r.Content.ReadFromJsonAsync<JsonElement>()).Text("cardNo");
            return r;
        });
        await Act("POST /api/v1/cards/{cardNo}/close", () => admin.Http.PostAsJsonAsync($"/api/v1/cards/{replacement}/close", new { reason = "member left" }));
        await Act("POST /api/v1/rules", async () =>
        {
            var current = await PosClient.ExpectAsync(await admin.Http.GetAsync("/api/v1/rules"), HttpStatusCode.OK);
            return await admin.Http.PostAsync("/api/v1/rules", new StringContent(current.GetRawText(), System.Text.Encoding.UTF8, "application/json"));
        });
        async Task<HttpResponseMessage> StartPilotAsync()
        {
            var current = await PosClient.ExpectAsync(await admin.Http.GetAsync("/api/v1/rules"), HttpStatusCode.OK);
            return await admin.Http.PostAsJsonAsync("/api/v1/rules/pilot", new { stores = new[] { "S001" }, rules = current });
        }
        await Act("POST /api/v1/rules/pilot", StartPilotAsync);
        await Act("POST /api/v1/rules/{version}/promote", () => admin.Http.PostAsync("/api/v1/rules/3/promote", null));
        Assert.True((await StartPilotAsync()).IsSuccessStatusCode);
        await Act("POST /api/v1/rules/{version}/rollback", () => admin.Http.PostAsync("/api/v1/rules/4/rollback", null));
        await Act("POST /api/v1/api-keys", async () =>
        {
            var r = await admin.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001" });
            keyId = (await r.Content.ReadFromJsonAsync<JsonElement>()).Text("keyId");
            return r;
        });
        await Act("POST /api/v1/api-keys/{keyId}/rotate", async () =>
        {
            var r = await admin.Http.PostAsync($"/api/v1/api-keys/{keyId}/rotate", null);
            keyId = (await r.Content.ReadFromJsonAsync<JsonElement>()).Text("keyId");
            return r;
        });
        await Act("POST /api/v1/api-keys/{keyId}/revoke", () => admin.Http.PostAsync($"/api/v1/api-keys/{keyId}/revoke", null));
        await Act("POST /api/v1/staff", () => admin.Http.PostAsJsonAsync("/api/v1/staff", new { username = "mgr", password = Password, role = "store_manager", storeId = "S001" }));
        await Act("POST /api/v1/staff/{username}/password", () =>
            admin.Http.PostAsJsonAsync("/api/v1/staff/mgr/password", new { newPassword = "another long passphrase" }));
        await Act("POST /api/v1/staff/{username}/disable", () => admin.Http.PostAsync("/api/v1/staff/mgr/disable", null));
        string campaignId = "";
        async Task<HttpResponseMessage> CreateCampaign(object segment)
        {
            var r = await admin.Http.PostAsJsonAsync("/api/v1/campaigns", new { name = "C", kind = "fixed", amountOff = 100, validDaysAfterIssue = 7, segment });
            campaignId = (await r.Content.ReadFromJsonAsync<JsonElement>()).Text("campaignId");
            return r;
        }
        await Act("POST /api/v1/campaigns", () => CreateCampaign(new { uploadedList = true }));
        await Act("POST /api/v1/campaigns/{campaignId}/targets", () =>
            admin.Http.PostAsync($"/api/v1/campaigns/{campaignId}/targets", new StringContent(memberId, System.Text.Encoding.UTF8, "text/csv")));
        await Act("POST /api/v1/campaigns/{campaignId}/schedule", () =>
            admin.Http.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/schedule", new { at = DateTimeOffset.UtcNow.AddDays(1) }));
        await Act("POST /api/v1/campaigns/{campaignId}/pause", () => admin.Http.PostAsync($"/api/v1/campaigns/{campaignId}/pause", null));
        await Act("POST /api/v1/campaigns/{campaignId}/resume", () => admin.Http.PostAsync($"/api/v1/campaigns/{campaignId}/resume", null));
        await Act("POST /api/v1/campaigns/{campaignId}/start", () => admin.Http.PostAsync($"/api/v1/campaigns/{campaignId}/start", null));
        await Act("POST /api/v1/campaigns/{campaignId}/end", () => admin.Http.PostAsync($"/api/v1/campaigns/{campaignId}/end", null));
        await Act("POST /api/v1/campaigns", () => CreateCampaign(new { }));
        await Act("POST /api/v1/campaigns/{campaignId}/cancel", () => admin.Http.PostAsync($"/api/v1/campaigns/{campaignId}/cancel", null));
        var attendee = (await admin.RegisterMemberAsync("S001")).Text("memberId");
        var attendeeCard = (await admin.IssueCardAsync(attendee)).Text("cardNo");
        string activityId = "";
        var start = DateTimeOffset.UtcNow.AddMinutes(30);
        await Act("POST /api/v1/activities", async () =>
        {
            var r = await admin.Http.PostAsJsonAsync("/api/v1/activities", ActivityApi.Body(5, 0, 10, null, start));
            activityId = (await r.Content.ReadFromJsonAsync<JsonElement>()).Text("activityId");
            return r;
        });
        await Act("POST /api/v1/activities/{activityId}/sign-ups", () =>
            admin.Http.PostAsJsonAsync($"/api/v1/activities/{activityId}/sign-ups", new { memberId, storeId = "S001" }));
        await Act("POST /api/v1/activities/{activityId}/sign-ups/{memberId}/cancel", () =>
            admin.Http.PostAsJsonAsync($"/api/v1/activities/{activityId}/sign-ups/{memberId}/cancel", new { storeId = "S001" }));
        await admin.Http.PostAsJsonAsync($"/api/v1/activities/{activityId}/sign-ups", new { memberId = attendee, storeId = "S001" });
        await Act("POST /api/v1/activities/{activityId}/check-ins", () =>
            admin.Http.PostAsJsonAsync($"/api/v1/activities/{activityId}/check-ins", new { storeId = "S001", cardNo = attendeeCard }));
        await Act("POST /api/v1/activities/{activityId}/cancel", () => admin.Http.PostAsync($"/api/v1/activities/{activityId}/cancel", null));
        await Act("POST /api/v1/admin/personal-data/re-encrypt", () => admin.Http.PostAsync("/api/v1/admin/personal-data/re-encrypt", null));
        await Act("POST /api/v1/members/{memberId}/erase", () => admin.Http.PostAsync($"/api/v1/members/{memberId}/erase", null));
        var letters = app.Services.GetRequiredService<IStreamQueueStore>();
        var parked = new StreamEvent("store", "S001", new StreamSequence(1, 0), "store.created", "{}", DateTimeOffset.UtcNow, new StreamPosition(0, 1));
        await letters.AddDeadLetterAsync(new DeadLetter(0, "audit-test", 0, parked, 5, "boom", DateTimeOffset.UtcNow, false));
        var letterId = (await letters.ReadDeadLettersAsync(0, 1))[0].Id;
        await Act("POST /api/v1/admin/streams/dead-letters/{deadLetterId}/replay", () => admin.Http.PostAsync($"/api/v1/admin/streams/dead-letters/{letterId}/replay", null));
        await MallApi.ActOnEveryAuditedEndpointAsync(app, admin, Act);
        // A refusal after authentication is one entry too, with its code.
        var before = await AuditCountAsync(admin);
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/stores", new { storeId = "S001", name = "Again" }), HttpStatusCode.Conflict, "store_exists");
        Assert.Equal(before + 1, await AuditCountAsync(admin));
        var newest = (await PosClient.ExpectAsync(await admin.Http.GetAsync("/api/v1/audit?limit=1"), HttpStatusCode.OK)).Field("items")[0];
        Assert.Equal(("store.create", "store_exists", 409), (newest.Text("action"), newest.Text("result"), (int)newest.Long("status")));

        Assert.Equal(mutating.Select(e => e.Route).Order(), seen.Order());
        var csv = await (await admin.Http.GetAsync("/api/v1/audit/export")).Content.ReadAsStringAsync();
        Assert.Equal(before + 2, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [StorageFact]
    public async Task NoPlaintextPhoneOrIdNumberReachesTheDatabaseOrTheLogsAndErasureFreesThePhone()
    {
        var logs = new ConcurrentQueue<string>();
        await using var app = await StartAsync(s => s.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(logs)));
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var phones = Enumerable.Range(0, 5).Select(_ => PosClient.UniquePhone()).ToList();
        var idNumbers = phones.Select(_ => PosClient.UniqueIdNumber()).ToList();
        var members = new List<string>();
        foreach (var (phone, idNumber) in phones.Zip(idNumbers))
        {
            var member = await PosClient.ExpectAsync(await admin.PostMemberAsync(new { phone, name = "Li Lei", storeId = "S001", idNumber }), HttpStatusCode.Created);
            Assert.Equal(phone[..3] + "****" + phone[^4..], member.Text("phone"));
            Assert.Equal(idNumber[..3] + "***********" + idNumber[^4..], member.Text("idNumberMask"));
            members.Add(member.Text("memberId"));
            var cardNo = (await admin.IssueCardAsync(member.Text("memberId"))).Text("cardNo");
            await admin.TopUpAsync(cardNo, 10000, "S001");
            await admin.PurchaseAsync(cardNo, "O-" + members.Count, "S001", 500, 500);
            await PosClient.ExpectAsync(await admin.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone }), HttpStatusCode.OK);
            await PosClient.ExpectAsync(await admin.Http.PostAsJsonAsync("/api/v1/members/lookup", new { idNumber }), HttpStatusCode.OK);
        }
        var export = await PosClient.ExpectAsync(await admin.Http.GetAsync($"/api/v1/members/{members[0]}/export"), HttpStatusCode.OK);
        Assert.Equal((phones[0], idNumbers[0]), (export.Text("phone"), export.Text("idNumber")));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsync($"/api/v1/members/{members[0]}/erase", null)).StatusCode);
        await ProblemAssert.IsAsync(await admin.Http.GetAsync($"/api/v1/members/{members[0]}"), HttpStatusCode.NotFound, "member_not_found");
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone = phones[0] }), HttpStatusCode.NotFound, "member_not_found");
        var again = await admin.RegisterMemberAsync("S001", phones[0]);
        Assert.NotEqual(members[0], again.Text("memberId"));
        var erasedExport = await PosClient.ExpectAsync(await admin.Http.GetAsync($"/api/v1/members/{members[0]}/export"), HttpStatusCode.OK);
        Assert.Null(erasedExport.Str("phone"));
        Assert.Equal(12000 - 500, erasedExport.Field("cards")[0].Long("balance"));

        var stored = Storage == StorageKind.Sqlite ? ReadSqliteFiles(app.StorageLocation) : await ReadPostgresTablesAsync(app.StorageLocation);
        foreach (var phone in phones)
        {
            Assert.DoesNotContain(phone, stored);
            Assert.DoesNotContain(logs, line => line.Contains(phone, StringComparison.Ordinal));
        }
        // An ID number's 17 digits before its check character, and its mask, appear nowhere either.
        foreach (var clear in idNumbers.SelectMany(n => new[] { n[..17], n[..3] + "***********" + n[^4..] }))
        {
            Assert.DoesNotContain(clear, stored);
            Assert.DoesNotContain(logs, line => line.Contains(clear, StringComparison.Ordinal));
        }
        Assert.NotEmpty(logs);
    }

    internal static async Task<string> StaffTokenAsync(MemberCardApplication app, string username, string role, string? storeId)
    {
        await PosClient.ExpectAsync(await app.CreateAdminClient().PostAsJsonAsync("/api/v1/staff", new { username, password = Password, role, storeId }),
            HttpStatusCode.Created);
        var token = await PosClient.ExpectAsync(await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username, password = Password }),
            HttpStatusCode.OK);
        Assert.Equal("Bearer", token.Text("tokenType"));
        return token.Text("accessToken");
    }

    internal static HttpClient WithBearer(MemberCardApplication app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Every endpoint of the running app: "METHOD /path", and its audit action if any.</summary>
    internal static IReadOnlyList<(string Route, string Method, string Path, string? Audited, bool Anonymous)> Endpoints(MemberCardApplication app) =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m =>
            {
                var path = e.RoutePattern.RawText!.TrimEnd('/');
                return ($"{m} {path}", m, path, e.Metadata.GetMetadata<MemberCard.Server.Api.Auth.AuditedAttribute>()?.Action,
                    e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null);
            }))];

    private static async Task<int> AuditCountAsync(PosClient admin)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var page = await PosClient.ExpectAsync(
                await admin.Http.GetAsync("/api/v1/audit?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))), HttpStatusCode.OK);
            count += page.Field("items").GetArrayLength();
            cursor = page.Str("nextCursor");
        }
        while (cursor is not null);
        return count;
    }

    private static string Forge(object payload, byte[]? key = null)
    {
        var unsigned = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8) + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload));
        return unsigned + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key ?? SigningKey, Encoding.ASCII.GetBytes(unsigned)));
    }

    private static string ApiKeyHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    // Raw bytes of the database file and its WAL, as a thief with the disk would read them.
    /// <summary>Every file under the SQLite data directory, byte for byte as Latin-1 text, read while the server holds them open.</summary>
    internal static string ReadSqliteFiles(string directory) =>
        string.Concat(Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Select(f => Encoding.Latin1.GetString(ReadWhileOpen(f))));

    /// <summary>A file's bytes while another process (the server, SQLite) has it open for writing.</summary>
    internal static byte[] ReadWhileOpen(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static async Task<string> ReadPostgresTablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Contains("log_entries", tables);
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) text.AppendLine(reader.GetString(0));
        }
        return text.ToString();
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception) + exception);
        }
    }
}

public sealed class SqliteSecurityApiTests : SecurityApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresSecurityApiTests : SecurityApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
