using System.ComponentModel.DataAnnotations;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Campaigns;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Grains.Shared;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Cards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Campaigns;

/// <summary>The POS side of coupons: a member's coupons and the purchase quote (dry run).</summary>
public static class CouponEndpoints
{
    private const long MaxOrderAmount = 10_000_000_000;

    public static void MapCouponEndpoints(this RouteGroupBuilder api)
    {
        var pos = api.MapGroup("/").WithTags("Coupons").RequireAuthorization(Caller.PosPolicy);
        pos.MapGet("/members/{memberId}/coupons", ListMemberCoupons).WithName(nameof(ListMemberCoupons))
            .WithSummary("A member's coupons (?status=active|used|expired), newest first")
            .WithDescription("The member's coupons, all or of one `status`. Page with `limit` and `cursor`.")
            .CanFail(ErrorCodes.MemberNotFound, ErrorCodes.ValidationFailed);
        pos.MapPost("/cards/{cardNo}/quotes", QuotePurchase).WithName(nameof(QuotePurchase))
            .WithSummary("What a purchase would cost with a coupon and points; changes nothing")
            .WithDescription("A dry run of a purchase: the coupon's discount, the points' discount, what is left to pay and the points "
                + "it would earn, under the rules version the store uses now (`rulesVersion`: a pilot store's pilot version). A coupon "
                + "that could not be redeemed is refused as the purchase would refuse it.")
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.CouponNotFound, ErrorCodes.CouponAlreadyRedeemed, ErrorCodes.CouponExpired,
                ErrorCodes.CouponNotApplicable, ErrorCodes.InsufficientPoints, ErrorCodes.ProductNotFound, ErrorCodes.ValidationFailed);
    }

    public static async Task<Ok<CouponListResponse>> ListMemberCoupons(
        string memberId, [AllowedValues(CouponStatuses.Active, CouponStatuses.Used, CouponStatuses.Expired)] string? status, int? limit, string? cursor, IGrainFactory grains, CouponBook coupons)
    {
        if (status is not (null or CouponStatuses.Active or CouponStatuses.Used or CouponStatuses.Expired))
            throw DomainException.Invalid("status", "status is active, used or expired.");
        var size = Cursors.Limit(limit);
        var offset = Cursors.DecodeId('c', cursor) ?? 0;
        if (!Identifiers.IsMemberId(memberId) || await grains.GetGrain<IMemberGrain>(memberId).GetAsync() is null)
            throw new DomainException(ErrorCodes.MemberNotFound, $"Member {memberId} does not exist.");
        var all = await coupons.ListForMemberAsync(memberId, status);
        var page = all.Skip((int)Math.Min(offset, int.MaxValue)).Take(size).Select(CouponResponse.From).ToList();
        var next = offset + size < all.Count ? Cursors.EncodeId('c', offset + size) : null;
        return TypedResults.Ok(new CouponListResponse(page, next));
    }

    public static async Task<Ok<QuoteResponse>> QuotePurchase(
        string cardNo, QuoteRequest request, HttpContext context, IGrainFactory grains, CouponBook coupons, CurrentRules currentRules, TimeProvider clock)
    {
        var check = new RequestRules();
        var storeId = check.StoreId("storeId", request.StoreId);
        var amount = check.Range("amount", request.Amount, 1, MaxOrderAmount);
        var points = check.Range("pointsToRedeem", request.PointsToRedeem ?? 0, 0, long.MaxValue);
        var code = check.Text("couponCode", request.CouponCode, 40, required: false);
        check.ThrowIfAny();
        Caller.RequireStore(context.User, storeId);
        var card = await CardEndpoints.FindAsync(grains, cardNo);
        var effect = code.Length == 0 ? null : await coupons.PrepareAsync(code, card.MemberId, storeId, amount, points);
        var rules = await currentRules.GetForStoreAsync(storeId);
        return TypedResults.Ok(QuoteResponse.From(PurchaseQuote.Compute(rules, card, storeId, clock.GetUtcNow(), amount, points, effect)));
    }
}
