using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace MemberCard.Baseline;

/// <summary>
/// The one place failures become RFC 9457 problem details with <c>code</c> and <c>traceId</c>: refusals → their
/// 4xx, unreadable requests → 400, database unreachable → 503 (safe to retry with the same Idempotency-Key).
/// </summary>
public sealed class Problems(ILogger<Problems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (code, detail, errors) = exception switch
        {
            ApiError e => (e.Code, e.Message, e.Errors),
            BadHttpRequestException e => (ApiError.ValidationFailed, ReadableDetail(e), null),
            DbException or TimeoutException or IOException => (ApiError.Unavailable, "The database is unreachable.", null),
            _ => (ApiError.Internal, "An unexpected error occurred.", null),
        };
        if (ApiError.StatusOf(code) >= 500) logger.LogWarning(exception, "Request failed with {Code}", code);
        if (context.Response.HasStarted) return false;
        await WriteAsync(context, code, detail, errors);
        return true;
    }

    /// <summary>Writes the problem for <paramref name="code"/>.</summary>
    public static Task WriteAsync(HttpContext context, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var status = ApiError.StatusOf(code);
        context.Response.StatusCode = status;
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value));
        problem.Status = status;
        problem.Title = TitleOf(code);
        problem.Detail = detail;
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }

    /// <summary>Gives the framework's own problems (unknown route, wrong method) the same extensions.</summary>
    public static void AddMissingExtensions(ProblemDetailsContext context)
    {
        var extensions = context.ProblemDetails.Extensions;
        extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        extensions.TryAdd("code", context.ProblemDetails.Status switch
        {
            StatusCodes.Status400BadRequest => ApiError.ValidationFailed,
            StatusCodes.Status401Unauthorized => ApiError.Unauthorized,
            StatusCodes.Status404NotFound => ApiError.NotFound,
            StatusCodes.Status405MethodNotAllowed => ApiError.MethodNotAllowed,
            StatusCodes.Status503ServiceUnavailable => ApiError.Unavailable,
            _ => ApiError.Internal,
        });
    }

    // The product's titles, so the two services answer alike.
    private static string TitleOf(string code) => code switch
    {
        ApiError.ValidationFailed => "The request is not valid.",
        ApiError.Unauthorized => "A valid credential is required.",
        ApiError.Unavailable => "Temporarily unavailable; retry with the same Idempotency-Key.",
        _ => string.Concat(char.ToUpperInvariant(code[0]).ToString(), code[1..].Replace('_', ' '), "."),
    };

    private static string ReadableDetail(BadHttpRequestException e) =>
        e.InnerException is JsonException json ? $"The body is not valid JSON for this request: {json.Message}" : e.Message;
}
