namespace MemberCard.Client;

/// <summary>The wire names of <see cref="MemberCardErrorCode"/>: the snake_case codes of the POS API v1.</summary>
internal static class ErrorCodeNames
{
    private static readonly Dictionary<string, MemberCardErrorCode> ByName = new(StringComparer.Ordinal)
    {
        ["validation_failed"] = MemberCardErrorCode.ValidationFailed,
        ["unauthorized"] = MemberCardErrorCode.Unauthorized,
        ["forbidden"] = MemberCardErrorCode.Forbidden,
        ["store_not_found"] = MemberCardErrorCode.StoreNotFound,
        ["member_not_found"] = MemberCardErrorCode.MemberNotFound,
        ["card_not_found"] = MemberCardErrorCode.CardNotFound,
        ["order_not_found"] = MemberCardErrorCode.OrderNotFound,
        ["coupon_not_found"] = MemberCardErrorCode.CouponNotFound,
        ["store_exists"] = MemberCardErrorCode.StoreExists,
        ["member_exists"] = MemberCardErrorCode.MemberExists,
        ["duplicate_order"] = MemberCardErrorCode.DuplicateOrder,
        ["insufficient_balance"] = MemberCardErrorCode.InsufficientBalance,
        ["insufficient_points"] = MemberCardErrorCode.InsufficientPoints,
        ["card_frozen"] = MemberCardErrorCode.CardFrozen,
        ["balance_cap_exceeded"] = MemberCardErrorCode.BalanceCapExceeded,
        ["refund_exceeds_purchase"] = MemberCardErrorCode.RefundExceedsPurchase,
        ["coupon_already_redeemed"] = MemberCardErrorCode.CouponAlreadyRedeemed,
        ["coupon_not_applicable"] = MemberCardErrorCode.CouponNotApplicable,
        ["idempotency_key_reused"] = MemberCardErrorCode.IdempotencyKeyReused,
        ["rate_limited"] = MemberCardErrorCode.RateLimited,
        ["unavailable"] = MemberCardErrorCode.Unavailable,
        ["id_number_taken"] = MemberCardErrorCode.IdNumberTaken,
    };

    /// <summary>Every mapped wire name (for tests and docs).</summary>
    public static IReadOnlyCollection<string> All => ByName.Keys;

    public static MemberCardErrorCode Parse(string? code) =>
        code is not null && ByName.TryGetValue(code, out var value) ? value : MemberCardErrorCode.Other;
}
