using System.Reflection;
using System.Text.Json.Nodes;
using MemberCard.Abstractions;
using MemberCard.Server.Api.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MemberCard.Server.Api.OpenApi;

/// <summary>
/// The document as a whole: what the API is, both credentials (API key and staff bearer token), the typed
/// problem schema with every stable error code, and the tags.
/// </summary>
internal sealed class ApiDocumentTransformer(IConfiguration configuration) : IOpenApiDocumentTransformer
{
    /// <summary>The component name of the problem schema every error response uses.</summary>
    public const string ProblemSchema = "Problem";

    private const string Description = """
        The MemberCard REST API: stores, members, stored-value cards, points, coupons and reports for retail and
        restaurant chains. The POS contract (v1) is a subset of it; fields and endpoints may be added to v1, never
        changed or removed, so a client must ignore fields it does not know.

        - **Credentials**: every operation except `POST /api/v1/auth/token` needs one: an API key in `X-Api-Key`
          (terminals, integrations) or a staff bearer token in `Authorization: Bearer <token>` from
          `POST /api/v1/auth/token`. Each operation's description names the roles it admits; store-bound roles
          (terminal, store_manager, cashier) act for their own store only.
        - **Money and points** are JSON integers (int64) in minor units; timestamps are ISO-8601 UTC.
        - **Errors** are `application/problem+json` (the `Problem` schema) with a stable `code`, the `traceId` to
          quote to support, and `errors` (field → messages) for `validation_failed`. Each response lists the codes
          it can carry (also in `x-problem-codes`).
        - **Retries**: operations that take `Idempotency-Key` answer the same key and body with the first answer and
          no second effect; 503 `unavailable`, 504 `timeout` and 429 `rate_limited` (after `Retry-After` seconds) are
          safe to retry with the same key.
        - **Lists** take `limit` (1–200, default 50) and an opaque `cursor`, and answer `items` and `nextCursor`.
        """;

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Stores"] = "Stores of the chain.",
        ["Members"] = "Members: registration, look-up by phone, profile, tags, cards, tiers and personal-data requests.",
        ["Cards"] = "Stored-value cards: top-ups, purchases, refunds, the ledger, freeze, replacement, closing and points.",
        ["Coupons"] = "A member's coupons and the purchase quote (a dry run of a purchase).",
        ["Campaigns"] = "Coupon campaigns: definition, lifecycle, target lists, issuance progress and statistics.",
        ["Activities"] = "Member activities: places, sign-up window, eligibility, waiting list, check-in at the store with points for attending, and attendance reports.",
        ["Points mall"] = "The points mall (积分商城): the catalogue of rewards, exchanges of points for them, and gift fulfilment.",
        ["Access"] = "Credentials: staff log-in, staff accounts and API keys.",
        ["Audit"] = "The audit trail of changes and refusals.",
        ["Reports"] = "Period summaries, retention cohorts and CSV exports of the ledger figures.",
        ["Rules"] = "The versioned rule set (card products, bonuses, points, tiers).",
        ["Notifications"] = "Messages sent to members and their delivery state.",
        ["Streams"] = "Event stream queues, their lag and dead letters.",
        ["Cluster"] = "The Orleans cluster: its silos and where a grain is active.",
        ["Privacy"] = "Personal-data key rotation.",
        ["Member self-service"] = "A member's own sign-in by one-time code and their own data under /me, with a member token; "
            + "the dynamic member code a till accepts in place of a card number.",
        [PosTagTransformer.Tag] = "Every operation a till may call (terminal, cashier and store-manager credentials), besides its "
            + "resource tag; MemberCard.Client covers them all.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "MemberCard API";
        document.Info.Version = "v1";
        document.Info.Description = Description;
        document.Info.Contact = new OpenApiContact
        {
            Name = configuration["OpenApi:Contact:Name"] ?? "MemberCard API support",
            Email = configuration["OpenApi:Contact:Email"],
            Url = configuration["OpenApi:Contact:Url"] is { } url ? new Uri(url) : null,
        };

        foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthentication.Header,
            Description = "An API key (terminals, integrations, admins); a fresh install gets one from MEMBERCARD_BOOTSTRAP_API_KEY.",
        };
        document.Components.SecuritySchemes[BearerAuthentication.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A staff token from POST /api/v1/auth/token; short-lived, log in again when it expires.",
        };
        // Either credential: two alternative requirements.
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerAuthentication.SchemeName, document)] = [] },
        ];

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();

        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>().ToHashSet();
        document.Tags = new HashSet<OpenApiTag>(used.Order(StringComparer.Ordinal)
            .Select(name => new OpenApiTag { Name = name, Description = TagDescriptions.GetValueOrDefault(name) }));
        return Task.CompletedTask;
    }

    /// <summary>Every value of <see cref="ErrorCodes"/>, in declaration order.</summary>
    public static IReadOnlyList<string> AllCodes { get; } = [.. typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)];

    // RFC 9457 problem details with the API's extensions, as ApiProblem writes them.
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An error (RFC 9457 problem details) with the API's stable code.",
        Required = new HashSet<string> { "title", "status", "detail", "code", "traceId" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI reference naming the problem type." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the code." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong in this request." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The stable error code; values never change once published. Each response lists the codes it can carry.",
                Enum = [.. AllCodes.Select(c => (JsonNode)JsonValue.Create(c))],
            },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, for support." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For validation_failed: field (JSON name, or a header name) → messages.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}
