using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using MemberCard.Abstractions;
using MemberCard.Runtime.Telemetry;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Errors;
using Microsoft.AspNetCore.Authorization;

namespace MemberCard.Server.Telemetry;

/// <summary>
/// Counts and times the POS routes (those under <see cref="Caller.PosPolicy"/>, as the OpenAPI POS tag reads them):
/// <c>membercard.pos.operations</c> and <c>membercard.pos.duration</c>, tagged <c>operation</c> (the endpoint name in
/// snake case: <c>purchase</c>, <c>top_up</c>) and <c>outcome</c> (<c>ok</c>, or the error code the caller got).
/// Sits outside the exception handler's reach, so it sees the exception that becomes the error code.
/// </summary>
internal sealed class PosMetrics(RequestDelegate next)
{
    private const string Ok = "ok";
    private static readonly ConcurrentDictionary<string, string> Operations = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        if (OperationOf(context.GetEndpoint()) is not { } operation)
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var outcome = ErrorCodes.Internal;
        try
        {
            await next(context);
            outcome = OutcomeOf(context.Response.StatusCode);
        }
        catch (Exception e)
        {
            outcome = OutcomeOf(e);
            throw;
        }
        finally
        {
            var tags = new TagList { { "operation", operation }, { "outcome", outcome } };
            MemberCardInstruments.PosOperations.Add(1, tags);
            MemberCardInstruments.PosDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    /// <summary>The operation tag of a POS endpoint, or null for any other route.</summary>
    internal static string? OperationOf(Endpoint? endpoint)
    {
        if (endpoint is null) return null;
        var pos = false;
        foreach (var data in endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()) pos |= data.Policy == Caller.PosPolicy;
        if (!pos || endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is not { } name) return null;
        return Operations.GetOrAdd(name, SnakeCase);
    }

    private static string OutcomeOf(int status) => status switch
    {
        < 400 => Ok,
        401 => ErrorCodes.Unauthorized,
        403 => ErrorCodes.Forbidden,
        429 => ErrorCodes.RateLimited,
        < 500 => "client_error",
        _ => "server_error",
    };

    // The code ApiExceptionHandler answers for what reaches it (unavailable for a silo that left, timeout, ...).
    private static string OutcomeOf(Exception exception) => ApiExceptionHandler.Classify(exception).Code;

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
