using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MemberCard.Api.Tests;

/// <summary>
/// Staff bearer tokens as the JwtBearer handler checks them: the algorithm is pinned, the claims the API needs are
/// required, the wire format is the one clients and older silos know. Provider-independent, so SQLite only.
/// </summary>
public sealed class StaffTokenApiTests
{
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    // 64 bytes: long enough for HS384 and HS512 too, so only the algorithm pin can refuse them.
    private static readonly byte[] LongKey = SHA512.HashData("staff-token-tests-signing-key"u8);

    [Fact]
    public async Task TokensSignedWithAnotherAlgorithmOrUnsignedAreRefused()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, new Dictionary<string, string?>(SecurityApiTests.Settings)
        {
            ["Auth:Jwt:SigningKey"] = Convert.ToBase64String(LongKey),
        });
        // The account exists (and never changed, so its tokens carry no stamp): only the algorithm can refuse the forgeries.
        await PosClient.ExpectAsync(await app.CreateAdminClient().PostAsJsonAsync("/api/v1/staff",
            new { username = "x", password = SecurityApiTests.Password, role = "admin" }), HttpStatusCode.Created);
        var claims = new { iss = "membercard", aud = "membercard-api", sub = "x", role = "admin", exp = Now + 600 };
        foreach (var forged in new[]
        {
            Forge("HS384", claims, data => HMACSHA384.HashData(LongKey, data)),
            Forge("HS512", claims, data => HMACSHA512.HashData(LongKey, data)),
            Forge("none", claims, _ => []),
        })
        {
            await AssertRefusedAsync(app, forged);
        }
        var valid = Forge("HS256", claims, data => HMACSHA256.HashData(LongKey, data));
        await PosClient.ExpectAsync(await SecurityApiTests.WithBearer(app, valid).GetAsync("/api/v1/stores/S001"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TokensThatNameNoAccountOrNoRoleAreRefused()
    {
        await using var app = await StartAsync();
        await AssertRefusedAsync(app, Forge("HS256", new { iss = "membercard", aud = "membercard-api", role = "admin", exp = Now + 600 }));
        await AssertRefusedAsync(app, Forge("HS256", new { iss = "membercard", aud = "membercard-api", sub = "x", exp = Now + 600 }));
        await AssertRefusedAsync(app, Forge("HS256", new { iss = "membercard", aud = "membercard-api", sub = "x", role = "admin" }));
    }

    [Fact]
    public async Task IssuedTokensKeepTheirFormatAndTheOlderFormatStillValidates()
    {
        await using var app = await StartAsync();
        await app.CreateAdminPos().CreateStoreAsync("S001");
        var token = await SecurityApiTests.StaffTokenAsync(app, "li.cashier", "cashier", "S001");

        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement;
        Assert.Equal(["alg", "typ"], header.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(("HS256", "JWT"), (header.Text("alg"), header.Text("typ")));
        var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement;
        Assert.Equal(["aud", "exp", "iat", "iss", "jti", "role", "store_id", "sub"], payload.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(("membercard", "membercard-api", "li.cashier", "cashier", "S001"),
            (payload.Text("iss"), payload.Text("aud"), payload.Text("sub"), payload.Text("role"), payload.Text("store_id")));
        Assert.Equal(15 * 60, payload.Long("exp") - payload.Long("iat"));

        // Exactly what the hand-written issuer before JwtBearer wrote, claim for claim.
        var older = Forge("HS256", new
        {
            iss = "membercard", aud = "membercard-api", sub = "li.cashier", role = "cashier", store_id = "S001", iat = Now, exp = Now + 900,
            jti = Guid.NewGuid().ToString("N"),
        });
        await PosClient.ExpectAsync(await SecurityApiTests.WithBearer(app, older).GetAsync("/api/v1/stores/S001"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task ABearerRefusedByPolicyIsAForbiddenProblem()
    {
        await using var app = await StartAsync();
        await app.CreateAdminPos().CreateStoreAsync("S001");
        var cashier = SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "li.cashier", "cashier", "S001"));
        await ProblemAssert.IsAsync(await cashier.GetAsync("/api/v1/api-keys"), HttpStatusCode.Forbidden, "forbidden");
    }

    private static Task<MemberCardApplication> StartAsync() => MemberCardApplication.StartAsync(StorageKind.Sqlite, SecurityApiTests.Settings);

    // 401 problem details, and no WWW-Authenticate header: the answer a bad X-Api-Key gets.
    private static async Task AssertRefusedAsync(MemberCardApplication app, string token)
    {
        var response = await SecurityApiTests.WithBearer(app, token).GetAsync("/api/v1/stores/S001");
        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    private static string Forge(string algorithm, object payload, Func<byte[], byte[]>? sign = null)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new { alg = algorithm, typ = "JWT" });
        var unsigned = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = (sign ?? (data => HMACSHA256.HashData(SecurityApiTests.SigningKey, data)))(Encoding.ASCII.GetBytes(unsigned));
        return unsigned + "." + Base64Url.EncodeToString(signature);
    }
}
