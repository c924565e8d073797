namespace MemberCard.Abstractions;

/// <summary>The stable error codes of the API (see docs/api.md). Values never change once published.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string StoreNotFound = "store_not_found";
    public const string MemberNotFound = "member_not_found";
    public const string CardNotFound = "card_not_found";
    public const string OrderNotFound = "order_not_found";
    public const string StoreExists = "store_exists";
    public const string MemberExists = "member_exists";
    public const string CardExists = "card_exists";
    public const string StaffExists = "staff_exists";
    public const string StaffNotFound = "staff_not_found";
    public const string ApiKeyNotFound = "api_key_not_found";
    public const string DuplicateOrder = "duplicate_order";
    public const string InsufficientBalance = "insufficient_balance";
    public const string InsufficientPoints = "insufficient_points";
    public const string CardFrozen = "card_frozen";
    public const string CardNotFrozen = "card_not_frozen";
    public const string CardClosed = "card_closed";
    public const string ProductNotFound = "product_not_found";
    public const string RulesVersionNotFound = "rules_version_not_found";
    public const string BalanceCapExceeded = "balance_cap_exceeded";
    public const string RefundExceedsPurchase = "refund_exceeds_purchase";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string RequestTooLarge = "request_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string Internal = "internal_error";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string RateLimited = "rate_limited";
    public const string Unavailable = "unavailable";
    public const string Timeout = "timeout";
    public const string CouponNotFound = "coupon_not_found";
    public const string CouponAlreadyRedeemed = "coupon_already_redeemed";
    public const string CouponExpired = "coupon_expired";
    public const string CouponNotApplicable = "coupon_not_applicable";
    public const string CampaignNotFound = "campaign_not_found";
    public const string CampaignExists = "campaign_exists";
    public const string CampaignStateConflict = "campaign_state_conflict";
    public const string PhoneCodeRequired = "phone_code_required";
    public const string PhoneChangeNotRequested = "phone_change_not_requested";
    public const string PhoneCodeInvalid = "phone_code_invalid";
    public const string PhoneCodeExpired = "phone_code_expired";
    public const string SignInCodeInvalid = "sign_in_code_invalid";
    public const string SignInCodeExpired = "sign_in_code_expired";
    public const string MemberCodeUsed = "member_code_used";
    public const string MemberCodeInvalid = "member_code_invalid";
    public const string IdNumberTaken = "id_number_taken";
    public const string RulesPilotRunning = "rules_pilot_running";
    public const string RulesPilotNotRunning = "rules_pilot_not_running";
}
