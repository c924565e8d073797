namespace MemberCard.Server.Api.Errors;

/// <summary>The request broke field rules; carries field → messages.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("One or more fields are not valid.")
{
    /// <summary>Field → messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
