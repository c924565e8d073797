using System.Data.Common;
using MemberCard.Abstractions;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Storage;

namespace MemberCard.Server.Api.Errors;

/// <summary>
/// The one place exceptions become responses: domain errors → their 4xx code (with <c>Retry-After</c> when the refusal
/// says how long to wait); unreadable requests → 400;
/// silo or database unreachable → 503 <c>unavailable</c>; a call time-out → 504. Nothing is swallowed into a 404.
/// </summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (code, detail, errors) = Classify(exception);
        if (ErrorStatus.Of(code) >= 500) logger.LogWarning(exception, "Request failed with {Code}", code);
        if (context.Response.HasStarted) return false;
        if (exception is DomainException { RetryAfter: { } wait })
            ApiProblem.SetRetryAfter(context.Response, wait);
        await ApiProblem.WriteAsync(context, code, detail, errors);
        return true;
    }

    /// <summary>The stable code, detail and field errors the API answers for an exception (also the POS metrics' outcome).</summary>
    internal static (string Code, string Detail, IReadOnlyDictionary<string, string[]>? Errors) Classify(Exception exception) => exception switch
    {
        DomainException e => (e.Code, e.Message, e.Errors),
        RequestValidationException e => (ErrorCodes.ValidationFailed, e.Message, e.Errors),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } e => (ErrorCodes.RequestTooLarge, e.Message, null),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => (ErrorCodes.UnsupportedMediaType, "Send JSON with Content-Type: application/json.", null),
        BadHttpRequestException e => Unreadable(e),
        // A grain call that got no answer in Silo:CallTimeout (Orleans' response timeout).
        TimeoutException e => (ErrorCodes.Timeout, e.Message, null),
        // A write that found the state changed twice (a stale activation, retried once), a silo that left the cluster.
        InconsistentStateException or SiloUnavailableException or OrleansMessageRejectionException or Runtime.StorageStoppedException
            => (ErrorCodes.Unavailable, exception.Message, null),
        DbException or IOException => (ErrorCodes.Unavailable, "The database is unreachable.", null),
        _ => (ErrorCodes.Internal, "An unexpected error occurred.", null),
    };

    private static (string, string, IReadOnlyDictionary<string, string[]>?) Unreadable(BadHttpRequestException exception)
    {
        var (detail, errors) = UnreadableRequest.Describe(exception);
        return (ErrorCodes.ValidationFailed, detail, errors);
    }
}
