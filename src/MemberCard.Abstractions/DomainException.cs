namespace MemberCard.Abstractions;

/// <summary>
/// A business rule refused a request. <see cref="Code"/> is the stable snake_case code the API returns;
/// nothing was changed. Serializable by Orleans, so the code and field errors survive a call from another silo.
/// </summary>
[GenerateSerializer, Alias("mc.DomainException")]
public sealed class DomainException(string code, string message, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(message)
{
    /// <summary>Stable error code, one of <see cref="ErrorCodes"/>.</summary>
    [Id(0)]
    public string Code { get; } = code;

    /// <summary>Field → messages, for validation failures.</summary>
    [Id(1)]
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    /// <summary>For a <c>rate_limited</c> refusal: how long to wait before trying again (the API's <c>Retry-After</c>).</summary>
    [Id(2)]
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A validation failure on one field.</summary>
    public static DomainException Invalid(string field, string message) =>
        new(ErrorCodes.ValidationFailed, message, new Dictionary<string, string[]> { [field] = [message] });
}
