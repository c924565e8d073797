using System.Diagnostics;
using MemberCard.Abstractions;

namespace MemberCard.Server.Api.Errors;

/// <summary>Writes RFC 9457 problem details with the stable <c>code</c> and the <c>traceId</c> extensions.</summary>
public static class ApiProblem
{
    /// <summary>Writes a problem response for <paramref name="code"/>.</summary>
    public static Task WriteAsync(HttpContext context, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var status = ErrorStatus.Of(code);
        context.Response.StatusCode = status;
        var problem = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails()
            : new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value));
        problem.Status = status;
        problem.Title = TitleOf(code);
        problem.Detail = detail;
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        context.Items[Audit.AuditRefusals.ErrorCodeItem] = code;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }

    /// <summary>Says in <c>Retry-After</c> how long to wait: whole seconds, rounded up, at least one.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Gives problems the framework writes itself (unknown route 404, wrong method 405, routing's 415) the same
    /// <c>code</c> and <c>traceId</c> extensions as ours.
    /// </summary>
    public static void AddMissingExtensions(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        problem.Extensions.TryAdd("code", problem.Status switch
        {
            StatusCodes.Status400BadRequest => ErrorCodes.ValidationFailed,
            StatusCodes.Status401Unauthorized => ErrorCodes.Unauthorized,
            StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
            StatusCodes.Status404NotFound => ErrorCodes.NotFound,
            StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
            StatusCodes.Status413PayloadTooLarge => ErrorCodes.RequestTooLarge,
            StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
            StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
            StatusCodes.Status503ServiceUnavailable => ErrorCodes.Unavailable,
            _ => ErrorCodes.Internal,
        });
        var code = (string)problem.Extensions["code"]!;
        problem.Title = TitleOf(code);
        problem.Detail ??= code switch
        {
            ErrorCodes.NotFound => "No such route; see /openapi/v1.json.",
            ErrorCodes.MethodNotAllowed => "This route does not take this HTTP method.",
            ErrorCodes.UnsupportedMediaType => "Send JSON with Content-Type: application/json.",
            ErrorCodes.RequestTooLarge => "The request body is too large.",
            _ => problem.Title,
        };
    }

    private static string TitleOf(string code) => code switch
    {
        ErrorCodes.ValidationFailed => "The request is not valid.",
        ErrorCodes.Unauthorized => "A valid credential is required.",
        ErrorCodes.Forbidden => "The credential does not allow this.",
        ErrorCodes.RateLimited => "Too many requests.",
        ErrorCodes.Unavailable => "Temporarily unavailable; retry with the same Idempotency-Key.",
        ErrorCodes.Timeout => "The request timed out; retry with the same Idempotency-Key.",
        _ => string.Concat(char.ToUpperInvariant(code[0]).ToString(), code[1..].Replace('_', ' '), "."),
    };
}
