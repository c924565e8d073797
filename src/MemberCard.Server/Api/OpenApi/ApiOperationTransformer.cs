using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json.Nodes;
using MemberCard.Abstractions;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Errors;
using MemberCard.Server.Api.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace MemberCard.Server.Api.OpenApi;

/// <summary>
/// Per operation, from the endpoint's metadata: the roles it admits (in its description), its security, the
/// Idempotency-Key header, every problem response it can answer with its codes (429 with Retry-After), raw
/// bodies, and the shapes of path and paging parameters.
/// </summary>
internal sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    /// <summary>The extension on a problem response that lists its codes.</summary>
    public const string CodesExtension = "x-problem-codes";

    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var codes = new HashSet<string>(metadata.OfType<ProblemCodesMetadata>().SelectMany(m => m.Codes));
        var description = new StringBuilder(operation.Description?.Trim() ?? "");

        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        if (anonymous)
        {
            operation.Security = [];
            description.Append("\n\nNo credential needed.");
        }
        else
        {
            codes.Add(ErrorCodes.Unauthorized);
            codes.Add(ErrorCodes.Forbidden);
            description.Append("\n\n").Append(RolesText(metadata));
        }

        if (metadata.OfType<IdempotencyKeyMetadata>().LastOrDefault() is { } idempotency)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(IdempotencyKeyParameter(idempotency.Required));
            codes.Add(ErrorCodes.IdempotencyKeyReused);
            codes.Add(ErrorCodes.ValidationFailed);
        }

        if (metadata.OfType<RawBodyMetadata>().LastOrDefault() is { } raw)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = raw.Description,
                Content = raw.ContentTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } }),
            };
            codes.Add(ErrorCodes.RequestTooLarge);
        }
        else if (operation.RequestBody is not null)
        {
            UnwrapOptionalBody(operation.RequestBody);
            // An unreadable body is 400, a body of another content type 415.
            codes.Add(ErrorCodes.ValidationFailed);
            codes.Add(ErrorCodes.RequestTooLarge);
            codes.Add(ErrorCodes.UnsupportedMediaType);
        }

        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter p) continue;
            Describe(p);
            if (IsMarkedRequired(context, p.Name)) p.Required = true;
            // A query value or a typed route value that does not parse is 400.
            if (p.In == ParameterLocation.Query || p.Schema?.Type is { } t && !t.HasFlag(JsonSchemaType.String)) codes.Add(ErrorCodes.ValidationFailed);
        }

        // Every /api/v1 operation is rate limited per credential and calls a grain or the database.
        codes.Add(ErrorCodes.RateLimited);
        codes.Add(ErrorCodes.Unavailable);
        codes.Add(ErrorCodes.Timeout);
        AddProblemResponses(operation, context.Document!, codes);
        operation.Description = description.ToString().Trim();
        return Task.CompletedTask;
    }

    // A [Required] handler parameter the handler checks itself (it is nullable so that a missing value is our 400, not the binder's).
    private static bool IsMarkedRequired(OpenApiOperationTransformerContext context, string? name) =>
        context.Description.ParameterDescriptions.Any(d => d.Name == name
            && (d.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo.IsDefined(typeof(RequiredAttribute), true) == true);

    // An optional body comes out as oneOf [null, T]: a body that may be left out is simply T, not required.
    private static void UnwrapOptionalBody(IOpenApiRequestBody body)
    {
        foreach (var media in body.Content?.Values ?? [])
        {
            if (media.Schema is OpenApiSchema { OneOf: { Count: 2 } oneOf }
                && oneOf.SingleOrDefault(s => s is OpenApiSchema { Type: JsonSchemaType.Null }) is { } nullSchema)
                media.Schema = oneOf.Single(s => !ReferenceEquals(s, nullSchema));
        }
    }

    private static string RolesText(IList<object> metadata)
    {
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();
        if (policies.Count == 0) return "**Roles:** any authenticated credential.";
        // Every policy of the endpoint must pass, so the roles admitted are those all of them admit.
        var admitted = policies.Select(p => (IEnumerable<string>)Caller.PolicyRoles[p])
            .Concat(metadata.OfType<AdmittedRolesMetadata>().Select(m => m.Roles));
        var roles = admitted.Aggregate((a, b) => a.Intersect(b)).ToList();
        var text = $"**Roles:** {string.Join(", ", roles.Select(r => $"`{r}`"))}.";
        var bound = roles.Where(Abstractions.Access.Roles.IsStoreBound).ToList();
        return bound.Count == 0 ? text : $"{text} Store-bound roles ({string.Join(", ", bound.Select(r => $"`{r}`"))}) may name only their own store (a `storeId` of another store is 403 `forbidden`).";
    }

    private static OpenApiParameter IdempotencyKeyParameter(bool required) => new()
    {
        Name = Idempotency.Header,
        In = ParameterLocation.Header,
        Required = required,
        Description = (required ? "Required. " : "Optional. ")
            + "A key the client makes up per operation (1–64 printable ASCII characters), scoped to its credential and kept 48 hours: "
            + "the same key and body again answers the first response with no second effect; the same key with another body is 422 "
            + "`idempotency_key_reused`. Retry with the same key after a time-out or 503.",
        Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            MinLength = 1,
            MaxLength = Idempotency.MaxKeyLength,
            Pattern = Idempotency.KeyPattern,
        },
    };

    // Shapes the handlers check; a path value of another shape is answered 404.
    private static void Describe(OpenApiParameter p)
    {
        if (p.Schema is not OpenApiSchema schema) return;
        switch (p.In, p.Name)
        {
            case (ParameterLocation.Path, "cardNo"):
                schema.Pattern = Identifiers.CardNoPattern;
                p.Description ??= "The card number (8–32 digits); another shape is 404 `card_not_found`.";
                break;
            case (ParameterLocation.Path, "memberId"):
                schema.Pattern = Identifiers.MemberIdPattern;
                p.Description ??= "The member id (32 lowercase hex digits); another shape is 404 `member_not_found`.";
                break;
            case (ParameterLocation.Path, "campaignId"):
                schema.Pattern = Identifiers.MemberIdPattern;
                p.Description ??= "The campaign id (32 lowercase hex digits); another shape is 404 `campaign_not_found`.";
                break;
            case (ParameterLocation.Path, "storeId"):
                schema.Pattern = Identifiers.StoreIdPattern;
                p.Description ??= "The store id (1–32 letters, digits, '-' or '_').";
                break;
            case (ParameterLocation.Query, "limit"):
                schema.Minimum = Cursors.MinLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                schema.Maximum = Cursors.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                schema.Default = JsonValue.Create(Cursors.DefaultLimit);
                p.Description ??= $"Page size, {Cursors.MinLimit}–{Cursors.MaxLimit} (default {Cursors.DefaultLimit}).";
                break;
            case (ParameterLocation.Query, "cursor"):
                p.Description ??= "The nextCursor of the previous page (opaque); absent for the first page.";
                break;
        }
    }

    private static void AddProblemResponses(OpenApiOperation operation, OpenApiDocument document, HashSet<string> codes)
    {
        operation.Responses ??= [];
        foreach (var group in codes.GroupBy(ErrorStatus.Of).OrderBy(g => g.Key))
        {
            var listed = ApiDocumentTransformer.AllCodes.Where(group.Contains).ToList();
            var response = new OpenApiResponse
            {
                Description = $"{ReasonPhrases.GetReasonPhrase(group.Key)}: {string.Join(", ", listed.Select(c => $"`{c}`"))}.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ApiDocumentTransformer.ProblemSchema, document) },
                },
                Extensions = new Dictionary<string, IOpenApiExtension>
                {
                    [CodesExtension] = new JsonNodeExtension(new JsonArray([.. listed.Select(c => (JsonNode)JsonValue.Create(c))])),
                },
            };
            if (group.Key == StatusCodes.Status429TooManyRequests)
            {
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Required = true,
                        Description = "Seconds to wait before retrying.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                    },
                };
            }
            operation.Responses[group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }
    }
}
