using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Grains.Members;
using MemberCard.Server.Api;
using MemberCard.Server.Api.Auth;

namespace MemberCard.Server.Members;

/// <summary>
/// Finding a member by ID number (docs/security.md, "ID numbers"). A masked number (first 3, last 4) and the birthday
/// a till sees leave about three digits unknown, and a lookup confirms a guess: so each credential has an hourly
/// allowance (<c>Members:IdNumberLookupsPerHour</c>, default 30, per silo; 429 with Retry-After beyond it), and every
/// lookup is audited before it is answered, the member found or <c>member_not_found</c> (never the number itself).
/// </summary>
public sealed class IdNumberLookups(IConfiguration configuration, IdNumberIndex idNumbers, IGrainFactory grains, TimeProvider clock) : IDisposable
{
    /// <summary>The audit action of a lookup by ID number.</summary>
    public const string Action = "member.lookup_id_number";

    private readonly HourlyAllowance _allowance = new(configuration.GetValue("Members:IdNumberLookupsPerHour", 30));

    /// <summary>The member holding <paramref name="idNumber"/>; refused past the caller's allowance; audited either way.</summary>
    public async Task<string> FindMemberIdAsync(HttpContext context, string idNumber)
    {
        var actor = Caller.Actor(context) with { Action = Action };
        if (!_allowance.TryTake(actor.Id, out var wait))
            throw new DomainException(ErrorCodes.RateLimited, "Too many lookups by ID number from this credential; retry after the Retry-After delay.") { RetryAfter = wait };
        var memberId = await idNumbers.FindMemberIdAsync(idNumber, context.RequestAborted);
        var now = clock.GetUtcNow();
        var entry = memberId is null
            ? new AuditEntry(actor.Id, actor.Role, actor.StoreId, actor.Action, "", ErrorCodes.MemberNotFound, StatusCodes.Status404NotFound, now, actor.TraceId)
            : actor.Succeeded(memberId, now);
        // Not answered unless audited: a lookup whose entry could not be written fails (503) instead.
        await grains.GetGrain<IAuditGrain>(actor.Id).RecordAsync(entry);
        return memberId ?? throw new DomainException(ErrorCodes.MemberNotFound, "No member holds this ID number.");
    }

    public void Dispose() => _allowance.Dispose();
}
