namespace MemberCard.Server.Api.OpenApi;

/// <summary>Endpoint metadata: the error codes an endpoint itself can answer (the ones every endpoint can are added for it).</summary>
public sealed record ProblemCodesMetadata(IReadOnlyList<string> Codes);

/// <summary>Endpoint metadata: the endpoint reads the Idempotency-Key header, required or optional.</summary>
public sealed record IdempotencyKeyMetadata(bool Required);

/// <summary>Endpoint metadata: a body the handler reads itself; documented only (routing does not match on it).</summary>
public sealed record RawBodyMetadata(string Description, IReadOnlyList<string> ContentTypes);

/// <summary>Endpoint metadata: the handler admits only these of its policy's roles (it refuses the others with 403 itself).</summary>
public sealed record AdmittedRolesMetadata(IReadOnlyList<string> Roles);

/// <summary>
/// What endpoints tell the OpenAPI document beyond their handler's signature. The operation transformer turns it
/// into headers, problem responses and descriptions, so the document follows the endpoints.
/// </summary>
public static class ApiDocs
{
    /// <summary>The error codes (from <c>ErrorCodes</c>) the endpoint can answer with.</summary>
    public static TBuilder CanFail<TBuilder>(this TBuilder builder, params string[] codes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemCodesMetadata(codes));

    /// <summary>The endpoint reads Idempotency-Key (422 <c>idempotency_key_reused</c> when a key comes back with another body).</summary>
    public static TBuilder TakesIdempotencyKey<TBuilder>(this TBuilder builder, bool required) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotencyKeyMetadata(required));

    /// <summary>The handler narrows its policy to these roles.</summary>
    public static TBuilder AdmitsOnly<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AdmittedRolesMetadata(roles));

    /// <summary>The endpoint reads a raw body of one of these content types.</summary>
    public static TBuilder TakesRawBody<TBuilder>(this TBuilder builder, string description, params string[] contentTypes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RawBodyMetadata(description, contentTypes));
}
