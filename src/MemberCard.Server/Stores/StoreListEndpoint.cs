using System.Buffers.Text;
using System.Security.Claims;
using System.Text;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Stores;
using MemberCard.Grains.Shared;
using MemberCard.Runtime.Storage;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Errors;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Cards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Stores;

/// <summary>GET /stores: the chain's stores in id order, for store pickers (a store-bound role sees its own store).</summary>
public static class StoreListEndpoint
{
    private const string StoreGrainType = "store";

    /// <summary>Maps the list on the stores group.</summary>
    public static void MapStoreList(this RouteGroupBuilder stores)
    {
        stores.MapGet("/", ListStores).WithName(nameof(ListStores)).WithSummary("The stores, by store id")
            .WithDescription("Every store with its name, in store-id order; page with `limit` and `cursor`. A store-bound credential "
                + "(terminal, store manager, cashier) gets only its own store.")
            .RequireAuthorization(Caller.StaffPolicy).CanFail(ErrorCodes.ValidationFailed);
    }

    internal static async Task<Ok<ListResponse<StoreResponse>>> ListStores(
        int? limit, string? cursor, ClaimsPrincipal user, CurrentStores stores, IGrainStateScanner scanner, CancellationToken cancellationToken)
    {
        var size = Cursors.Limit(limit);
        var after = DecodeKey(cursor);
        if (user.FindFirstValue(ClaimTypes.Role) is { } role && Roles.IsStoreBound(role))
        {
            var own = user.FindFirstValue(Caller.StoreClaim);
            var view = own is not null && after is null && Identifiers.IsStoreId(own) ? await stores.GetAsync(own) : null;
            return TypedResults.Ok(new ListResponse<StoreResponse>(view is null ? [] : [StoreResponse.From(view)], null));
        }
        // The storage knows which stores exist (their states, in key order); each store's grain says what it is, read
        // through this silo's copies, all at once.
        var states = await scanner.ScanStatesAsync(StoreGrainType, after, null, size, cancellationToken);
        var views = await Task.WhenAll(states.Select(s => stores.GetAsync(s.Key).AsTask()));
        var items = views.OfType<StoreView>().Select(StoreResponse.From).ToList();
        return TypedResults.Ok(new ListResponse<StoreResponse>(items, states.Count == size ? EncodeKey(states[^1].Key) : null));
    }

    private static string EncodeKey(string storeId) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes("s" + storeId));

    private static string? DecodeKey(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.Length > 1 && text[0] == 's' && Identifiers.IsStoreId(text[1..])) return text[1..];
        }
        catch (FormatException)
        {
        }
        throw new RequestValidationException(new Dictionary<string, string[]> { ["cursor"] = ["cursor is not one this API issued."] });
    }
}
