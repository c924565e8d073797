using System.Net;
using System.Net.Sockets;
using Polly;

namespace MemberCard.Client;

/// <summary>
/// When an attempt may be sent again. 429: always (the rate limiter turns a request away before it does anything).
/// 503 and 504, and a connection that broke before an answer: only for requests that are safe to repeat (reads, and
/// writes that carry an Idempotency-Key or an order number), since the first attempt may have taken effect.
/// A connection that could not be opened: always (nothing was sent). A Retry-After longer than allowed: never.
/// </summary>
internal static class RetryRules
{
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxRetryAfter)
    {
        var request = context.GetRequestMessage() ?? outcome.Result?.RequestMessage;
        var safe = request is not null && RequestSafety.IsRetrySafe(request);
        if (outcome.Exception is { } exception)
            return exception is HttpRequestException failure && (safe || NothingWasSent(failure));
        var response = outcome.Result;
        if (response is null) return false;
        var status = (int)response.StatusCode;
        if (status is not (429 or 503 or 504)) return false;
        if (status != 429 && !safe) return false;
        return RetryAfter.Of(response) is not { } wait || wait <= maxRetryAfter;
    }

    // The connection was refused or never came up: the server cannot have seen the request. .NET says so in the exception;
    // on .NET Framework it is a WebException or a SocketException somewhere inside.
    private static bool NothingWasSent(HttpRequestException failure)
    {
#if NET5_0_OR_GREATER
        if (failure.HttpRequestError == HttpRequestError.ConnectionError) return true;
#endif
        for (Exception? inner = failure.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostNotFound })
                return true;
            if (inner is WebException { Status: WebExceptionStatus.ConnectFailure or WebExceptionStatus.NameResolutionFailure }) return true;
        }
        return false;
    }
}
