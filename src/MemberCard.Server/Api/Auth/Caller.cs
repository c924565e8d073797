using System.Diagnostics;
using System.Security.Claims;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;

namespace MemberCard.Server.Api.Auth;

/// <summary>What the API knows about who is calling, the route-group policies, and the store-scope rule.</summary>
public static class Caller
{
    public const string KeyIdClaim = "key_id";
    public const string StoreClaim = "store_id";
    public const string MemberClaim = "member_id";

    /// <summary>Route-group policy: till operations (admin, terminal, store manager, cashier); store-bound roles act for their store only.</summary>
    public const string PosPolicy = "pos";

    /// <summary>Route-group policy: admin only (stores, staff, keys, rules, audit, personal-data requests).</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Route-group policy for campaign endpoints (when they exist): admin and marketing.</summary>
    public const string CampaignsPolicy = "campaigns";

    /// <summary>Route policy of an account's own settings (its password): admin and every staff role; the handler narrows staff to their own account.</summary>
    public const string AccountPolicy = "account";

    /// <summary>Route-group policy for reports and exports (when they exist): admin, finance, and store managers for their store.</summary>
    public const string ReportsPolicy = "reports";

    /// <summary>Route policy of reads every credential of the chain may make (the store list): every staff role and terminals, never a member.</summary>
    public const string StaffPolicy = "staff";

    /// <summary>Route-group policy of <c>/api/v1/me</c>: a signed-in member, for their own data only.</summary>
    public const string MemberPolicy = "member";

    /// <summary>The roles each policy admits; docs/security.md shows the same table.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> PolicyRoles = new Dictionary<string, string[]>
    {
        [PosPolicy] = [Roles.Admin, Roles.Terminal, Roles.StoreManager, Roles.Cashier],
        [AdminPolicy] = [Roles.Admin],
        [CampaignsPolicy] = [Roles.Admin, Roles.Marketing],
        [ReportsPolicy] = [Roles.Admin, Roles.Finance, Roles.StoreManager],
        [AccountPolicy] = [Roles.Admin, Roles.Marketing, Roles.Finance, Roles.StoreManager, Roles.Cashier],
        [StaffPolicy] = [Roles.Admin, Roles.Marketing, Roles.Finance, Roles.StoreManager, Roles.Cashier, Roles.Terminal],
        [MemberPolicy] = [Roles.Member],
    };

    /// <summary>Id of the credential (scope of its idempotency keys, partition of its rate limit, actor in the audit).</summary>
    public static string KeyId(ClaimsPrincipal user) => user.FindFirstValue(KeyIdClaim) ?? "anonymous";

    /// <summary>The member a member token speaks for (the <c>member</c> policy admits no other caller).</summary>
    public static string MemberId(ClaimsPrincipal user) =>
        user.FindFirstValue(MemberClaim) ?? throw new DomainException(ErrorCodes.Forbidden, "Only a signed-in member may call this.");

    /// <summary>Store-bound roles act only for their own store; anything else is 403.</summary>
    public static void RequireStore(ClaimsPrincipal user, string storeId)
    {
        if (user.IsInRole(Roles.Admin)) return;
        if (user.FindFirstValue(StoreClaim) != storeId)
            throw new DomainException(ErrorCodes.Forbidden, $"This credential may not act for store {storeId}.");
    }

    /// <summary>The audit identity of the request; the action comes from the endpoint's <see cref="AuditedAttribute"/>.</summary>
    public static AuditActor Actor(HttpContext context)
    {
        var user = context.User;
        var action = context.GetEndpoint()?.Metadata.GetMetadata<AuditedAttribute>()?.Action ?? "unknown";
        return new AuditActor(KeyId(user), user.FindFirstValue(ClaimTypes.Role) ?? "", user.FindFirstValue(StoreClaim), action,
            Activity.Current?.Id ?? context.TraceIdentifier);
    }
}

/// <summary>Marks a mutating endpoint: its changes and its refusals are written to the audit trail under <see cref="Action"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AuditedAttribute(string action) : Attribute
{
    public string Action { get; } = action;
}
