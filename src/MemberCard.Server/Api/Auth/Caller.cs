using System.Security.Claims;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;

namespace MemberCard.Server.Api.Auth;

/// <summary>What the API knows about who is calling, and the store-scope rule for terminals.</summary>
public static class Caller
{
    public const string KeyIdClaim = "key_id";
    public const string StoreClaim = "store_id";

    /// <summary>Route-group policy: admin or a POS terminal.</summary>
    public const string PosPolicy = "pos";

    /// <summary>Route-group policy: admin only.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Id of the credential (scope of its idempotency keys).</summary>
    public static string KeyId(ClaimsPrincipal user) => user.FindFirstValue(KeyIdClaim) ?? "anonymous";

    /// <summary>A terminal acts only for its own store; anything else is 403.</summary>
    public static void RequireStore(ClaimsPrincipal user, string storeId)
    {
        if (user.IsInRole(Roles.Admin)) return;
        if (user.FindFirstValue(StoreClaim) != storeId)
            throw new DomainException(ErrorCodes.Forbidden, $"This credential may not act for store {storeId}.");
    }
}
