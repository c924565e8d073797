using System.Reflection;
using System.Text.Json.Nodes;
using MemberCard.Abstractions;
using MemberCard.Server.Api.Errors;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace MemberCard.OpenApi.Tests;

/// <summary>The served OpenAPI document reads cleanly and describes what every operation needs and answers.</summary>
public sealed class DocumentTests(Document document) : IClassFixture<Document>
{
    private static readonly string[] StableCodes = [.. typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    [Fact]
    public void TheDocumentReadsWithMicrosoftOpenApiWithNoErrorsOrWarnings()
    {
        var result = OpenApiDocument.Parse(document.Json, "json", new OpenApiReaderSettings());

        Assert.Empty(result.Diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Empty(result.Diagnostic.Warnings.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, result.Diagnostic.SpecificationVersion);
        Assert.NotNull(result.Document);
        Assert.Empty(result.Document.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => $"{e.Pointer}: {e.Message}"));
    }

    [Fact]
    public void TheApiAndEveryOperationHaveADescriptionAnIdAndATag()
    {
        Assert.False(string.IsNullOrWhiteSpace(document.Root["info"]!["description"]?.GetValue<string>()));
        Assert.NotNull(document.Root["info"]!["contact"]);
        var tags = document.Root["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        Assert.All(document.Root["tags"]!.AsArray(), t => Assert.False(string.IsNullOrWhiteSpace(t!["description"]?.GetValue<string>())));
        Assert.All(document.Operations, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Operation["description"]?.GetValue<string>()), $"{o.Method} {o.Path} has no description");
            Assert.False(string.IsNullOrWhiteSpace(o.Operation["operationId"]?.GetValue<string>()), $"{o.Method} {o.Path} has no operationId");
            // One resource tag each; till operations carry the POS tag besides it.
            var own = o.Operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
            Assert.Single(own, t => t != "POS");
            Assert.All(own, t => Assert.Contains(t, tags));
        });
    }

    [Fact]
    public void EveryOperationDeclaresRateLimitWithRetryAfterUnavailableAndTimeoutAndEachProtectedOneUnauthorizedAndForbidden()
    {
        Assert.All(document.Operations, o =>
        {
            var responses = o.Operation["responses"]!.AsObject();
            var name = $"{o.Method} {o.Path}";
            Assert.True(responses["429"]?["headers"]?["Retry-After"]?["required"]?.GetValue<bool>() == true, $"{name}: 429 without Retry-After");
            Assert.True(responses.ContainsKey("503"), $"{name}: no 503");
            Assert.True(responses.ContainsKey("504"), $"{name}: no 504");
            var anonymous = o.Operation["security"] is JsonArray { Count: 0 };
            if (anonymous) return;
            Assert.True(responses.ContainsKey("401"), $"{name}: no 401");
            Assert.True(responses.ContainsKey("403"), $"{name}: no 403");
            Assert.Contains("**Roles:**", o.Operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ProblemCodeIsAnEnumOfEveryStableCodeAndEachResponseListsCodesOfItsOwnStatus()
    {
        var problem = document.Schema("Problem");
        Assert.Equal(StableCodes, problem["properties"]!["code"]!["enum"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["code", "detail", "status", "title", "traceId"], problem["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        Assert.Equal("array", problem["properties"]!["errors"]!["additionalProperties"]!["type"]!.GetValue<string>());
        Assert.All(document.Operations, o =>
        {
            foreach (var (status, response) in o.Operation["responses"]!.AsObject())
            {
                if (!status.StartsWith('4') && !status.StartsWith('5')) continue;
                var codes = response!["x-problem-codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
                Assert.NotEmpty(codes);
                Assert.All(codes, c => Assert.Equal(status, ErrorStatus.Of(c).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.Equal("#/components/schemas/Problem", response["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
            }
        });
    }

    [Theory]
    [InlineData("/api/v1/cards/{cardNo}/top-ups", true)]
    [InlineData("/api/v1/cards/{cardNo}/refunds", true)]
    [InlineData("/api/v1/cards/{cardNo}/purchases", false)]
    [InlineData("/api/v1/cards/{cardNo}/mall/exchanges", true)]
    [InlineData("/api/v1/me/mall/cards/{cardNo}/exchanges", true)]
    [InlineData("/api/v1/cards/{cardNo}/points-adjustments", false)]
    public void IdempotencyKeyIsAHeaderOfTheOperationsThatReadIt(string path, bool required)
    {
        var operation = document.Operation(path, "post");

        var header = operation["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "Idempotency-Key")!;
        Assert.Equal("header", header["in"]!.GetValue<string>());
        Assert.Equal(required, header["required"]?.GetValue<bool>() ?? false);
        Assert.Equal(64, header["schema"]!["maxLength"]!.GetValue<int>());
        Assert.Contains("idempotency_key_reused", operation["responses"]!["422"]!["x-problem-codes"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public void NoOtherOperationTakesAnIdempotencyKey()
    {
        var with = document.Operations.Where(o => o.Operation["parameters"]?.AsArray().Any(p => p!["name"]!.GetValue<string>() == "Idempotency-Key") == true)
            .Select(o => o.Path).Order();
        Assert.Equal(["/api/v1/cards/{cardNo}/mall/exchanges", "/api/v1/cards/{cardNo}/points-adjustments", "/api/v1/cards/{cardNo}/purchases",
            "/api/v1/cards/{cardNo}/refunds", "/api/v1/cards/{cardNo}/top-ups", "/api/v1/me/mall/cards/{cardNo}/exchanges"], with);
    }

    [Fact]
    public void BothCredentialsAreDeclaredEitherOneIsAcceptedAndLogInNeedsNone()
    {
        var schemes = document.Root["components"]!["securitySchemes"]!;
        Assert.Equal("apiKey", schemes["ApiKey"]!["type"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", schemes["ApiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("http", schemes["Bearer"]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.Equal(["ApiKey", "Bearer"], document.Root["security"]!.AsArray().Select(r => r!.AsObject().Single().Key));

        var token = document.Operation("/api/v1/auth/token", "post");
        Assert.Empty(token["security"]!.AsArray());
        Assert.Equal("#/components/schemas/TokenResponse", token["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal(["accessToken", "expiresIn", "role", "storeId", "tokenType"],
            document.Schema("TokenResponse")["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
    }

    [Fact]
    public void RolesInEachDescriptionAreThoseOfItsPolicy()
    {
        Assert.Contains("**Roles:** `admin`, `terminal`, `store_manager`, `cashier`.", Description("/api/v1/cards/{cardNo}/top-ups", "post"), StringComparison.Ordinal);
        Assert.Contains("**Roles:** `admin`.", Description("/api/v1/cards/{cardNo}/close", "post"), StringComparison.Ordinal);
        Assert.Contains("**Roles:** `admin`, `marketing`.", Description("/api/v1/campaigns", "post"), StringComparison.Ordinal);
        Assert.Contains("**Roles:** `admin`, `finance`.", Description("/api/v1/reports/summary", "get"), StringComparison.Ordinal);
        Assert.Contains("**Roles:** `admin`, `finance`, `store_manager`.", Description("/api/v1/reports/stores/{storeId}/summary", "get"), StringComparison.Ordinal);
    }

    [Fact]
    public void RequestFieldsAreRequiredAndNotNullOnlyWhereTheHandlerRequiresThem()
    {
        var purchase = document.Schema("PurchaseRequest");
        Assert.Equal(["amount", "orderNo", "storeId"], purchase["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        Assert.Equal("integer", purchase["properties"]!["amount"]!["type"]!.GetValue<string>());
        Assert.Equal(1, purchase["properties"]!["amount"]!["minimum"]!.GetValue<long>());
        Assert.Contains("null", purchase["properties"]!["couponCode"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Null(document.Schema("IssueCardRequest")["required"]);
        Assert.Null(document.Schema("UpdateMemberRequest")["required"]);
        Assert.Null(document.Schema("SegmentRequest")["required"]);
        Assert.Equal(["kind", "name"], document.Schema("CreateCampaignRequest")["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        Assert.Equal(100_000_000, document.Schema("TopUpRequest")["properties"]!["amount"]!["maximum"]!.GetValue<long>());
        Assert.Equal("^[A-Za-z0-9_-]{1,32}$", document.Schema("TopUpRequest")["properties"]!["storeId"]!["pattern"]!.GetValue<string>());
    }

    [Fact]
    public void MembersShowTheIdNumberMaskedAndRequestsTakeItInItsShapeWhileTheExportHasItInFull()
    {
        Assert.Contains("idNumberMask", document.Schema("MemberResponse")["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("idNumber", document.Schema("MemberExportResponse")["properties"]!.AsObject().Select(p => p.Key));
        foreach (var request in new[] { "RegisterMemberRequest", "UpdateMemberRequest", "LookupMemberRequest" })
            Assert.Equal("^\\s*[0-9]{17}[0-9Xx]\\s*$", document.Schema(request)["properties"]!["idNumber"]!["pattern"]!.GetValue<string>());
        // A lookup sends a phone or an ID number: neither is required on its own.
        Assert.Null(document.Schema("LookupMemberRequest")["required"]);
        foreach (var (path, method) in new[] { ("/api/v1/members", "post"), ("/api/v1/members/{memberId}", "patch") })
            Assert.Contains("id_number_taken", document.Operation(path, method)["responses"]!["409"]!["x-problem-codes"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Theory]
    [InlineData("CreateStaffRequest", "role", "admin,marketing,finance,store_manager,cashier")]
    [InlineData("CreateApiKeyRequest", "role", "admin,terminal")]
    [InlineData("CreateCampaignRequest", "kind", "fixed,percentage,gift")]
    [InlineData("CardResponse", "status", "active,frozen,closed")]
    [InlineData("CampaignResponse", "status", "draft,scheduled,issuing,active,paused,ended,cancelled")]
    [InlineData("CouponResponse", "status", "active,used,expired")]
    [InlineData("ReportResponse", "period", "day,week,month")]
    [InlineData("TransactionItem", "type", "top_up,purchase,refund,points_expiry,points_adjustment,transfer_out,transfer_in,closing,mall_exchange,mall_cancellation")]
    [InlineData("MallOrderResponse", "status", "ordered,ready_for_pickup,shipped,delivered,cancelled")]
    [InlineData("RewardRequest", "kind", "coupon,gift,stored_value")]
    public void FixedValueFieldsAreEnums(string schema, string property, string values) =>
        Assert.Equal(values.Split(','), document.Schema(schema)["properties"]![property]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));

    [Fact]
    public void PagingLimitIsOneToTwoHundredWherePagesAreTaken()
    {
        var limits = document.Operations.SelectMany(o => o.Operation["parameters"]?.AsArray() ?? [])
            .Where(p => p!["name"]!.GetValue<string>() == "limit").ToList();
        Assert.NotEmpty(limits);
        Assert.All(limits, l =>
        {
            Assert.Equal(1, l!["schema"]!["minimum"]!.GetValue<int>());
            Assert.Equal(200, l["schema"]!["maximum"]!.GetValue<int>());
        });
        Assert.Equal(["day", "week", "month"], document.Operation("/api/v1/reports/summary", "get")["parameters"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == "period")!["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/api/v1/reports/export")]
    [InlineData("/api/v1/reports/stores/{storeId}/export")]
    [InlineData("/api/v1/audit/export")]
    public void CsvExportsAnswerTextCsv(string path) =>
        Assert.Equal(["text/csv"], document.Operation(path, "get")["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key));

    [Fact]
    public void TheTargetUploadTakesACsvBody()
    {
        var body = document.Operation("/api/v1/campaigns/{campaignId}/targets", "post")["requestBody"]!;
        Assert.True(body["required"]!.GetValue<bool>());
        Assert.Contains("text/csv", body["content"]!.AsObject().Select(c => c.Key));
    }

    private string Description(string path, string method) => document.Operation(path, method)["description"]!.GetValue<string>();
}
