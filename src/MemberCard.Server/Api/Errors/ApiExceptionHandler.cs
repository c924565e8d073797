using System.Data.Common;
using System.Text.Json;
using MemberCard.Abstractions;
using MemberCard.Runtime;
using Microsoft.AspNetCore.Diagnostics;

namespace MemberCard.Server.Api.Errors;

/// <summary>
/// The one place exceptions become responses: domain errors → their 4xx code; unreadable requests → 400;
/// silo or database unreachable → 503 <c>unavailable</c>; a call time-out → 504. Nothing is swallowed into a 404.
/// </summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (code, detail, errors) = Classify(exception);
        if (ErrorStatus.Of(code) >= 500) logger.LogWarning(exception, "Request failed with {Code}", code);
        if (context.Response.HasStarted) return false;
        await ApiProblem.WriteAsync(context, code, detail, errors);
        return true;
    }

    private static (string Code, string Detail, IReadOnlyDictionary<string, string[]>? Errors) Classify(Exception exception) => exception switch
    {
        DomainException e => (e.Code, e.Message, e.Errors),
        RequestValidationException e => (ErrorCodes.ValidationFailed, e.Message, e.Errors),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } e => (ErrorCodes.RequestTooLarge, e.Message, null),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => (ErrorCodes.UnsupportedMediaType, "Send JSON with Content-Type: application/json.", null),
        BadHttpRequestException e => (ErrorCodes.ValidationFailed, ReadableDetail(e), FieldOf(e)),
        GrainCallTimeoutException e => (ErrorCodes.Timeout, e.Message, null),
        GrainUnavailableException e => (ErrorCodes.Unavailable, e.Message, null),
        DbException or TimeoutException or IOException => (ErrorCodes.Unavailable, "The database is unreachable.", null),
        _ => (ErrorCodes.Internal, "An unexpected error occurred.", null),
    };

    // Validation failures always name a field: the JSON path of the bad value, or "body" / "request".
    private static Dictionary<string, string[]> FieldOf(BadHttpRequestException e)
    {
        var field = e.InnerException is JsonException json
            ? string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.')
            : "request";
        return new Dictionary<string, string[]> { [field] = [ReadableDetail(e)] };
    }

    private static string ReadableDetail(BadHttpRequestException e) =>
        e.InnerException is JsonException json ? $"The body is not valid JSON for this request: {json.Message}" : e.Message;
}
