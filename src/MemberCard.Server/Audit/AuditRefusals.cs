using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Errors;

namespace MemberCard.Server.Audit;

/// <summary>
/// Audits refused mutations. A mutation that succeeds is audited by the grain, in the same write as the change;
/// one that is refused (a 4xx after authentication: 403, 404, 409, 422, 400 ...) changed nothing, so its entry is
/// written here, through the actor's audit grain. Rate-limited requests (429) are not audited: a flood must not
/// turn into database writes.
/// </summary>
internal sealed class AuditRefusals(RequestDelegate next, IGrainFactory grains, TimeProvider clock, ILogger<AuditRefusals> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (RefusalOf(e) is { } refusal)
        {
            // Domain refusals travel as exceptions to the exception handler, which sits outside this middleware.
            await RecordAsync(context, refusal.Status, refusal.Code);
            throw;
        }
        await RecordAsync(context, context.Response.StatusCode, null);
    }

    private static (int Status, string Code)? RefusalOf(Exception e) => e switch
    {
        DomainException d => (ErrorStatus.Of(d.Code), d.Code),
        RequestValidationException => (StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed),
        BadHttpRequestException b => (b.StatusCode, ErrorCodes.ValidationFailed),
        _ => null,
    };

    private async Task RecordAsync(HttpContext context, int status, string? errorCode)
    {
        if (status is < 400 or >= 500 or StatusCodes.Status401Unauthorized or StatusCodes.Status429TooManyRequests) return;
        if (context.User.Identity?.IsAuthenticated != true) return;
        // Members are the public: their refusals are not staff actions, and must not let anyone fill the append-only trail.
        if (context.User.IsInRole(Roles.Member)) return;
        if (context.GetEndpoint()?.Metadata.GetMetadata<AuditedAttribute>() is null) return;
        var actor = Caller.Actor(context);
        var target = context.GetRouteData().Values.Values.OfType<string>().LastOrDefault() ?? "";
        var code = errorCode
            ?? (context.Items.TryGetValue(ErrorCodeItem, out var c) && c is string s ? s : status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var entry = new AuditEntry(actor.Id, actor.Role, actor.StoreId, actor.Action, target, code, status, clock.GetUtcNow(), actor.TraceId);
        try
        {
            await grains.GetGrain<IAuditGrain>(actor.Id).RecordAsync(entry);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException)
        {
            // The refusal is already answered; losing its audit line must not turn it into an error.
            logger.LogWarning(e, "Could not audit refused {Action} by {Actor} ({Status})", actor.Action, actor.Id, status);
        }
    }

    /// <summary>HttpContext item under which the problem writer leaves the error code of the answer.</summary>
    public const string ErrorCodeItem = "membercard.error_code";
}
