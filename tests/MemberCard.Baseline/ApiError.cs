namespace MemberCard.Baseline;

/// <summary>A request refused with one of the stable error codes of docs/api.md; <see cref="Problems"/> answers it.</summary>
public sealed class ApiError(string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(detail)
{
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string StoreNotFound = "store_not_found";
    public const string MemberNotFound = "member_not_found";
    public const string CardNotFound = "card_not_found";
    public const string OrderNotFound = "order_not_found";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string StoreExists = "store_exists";
    public const string MemberExists = "member_exists";
    public const string DuplicateOrder = "duplicate_order";
    public const string InsufficientBalance = "insufficient_balance";
    public const string InsufficientPoints = "insufficient_points";
    public const string CardFrozen = "card_frozen";
    public const string BalanceCapExceeded = "balance_cap_exceeded";
    public const string RefundExceedsPurchase = "refund_exceeds_purchase";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string Unavailable = "unavailable";
    public const string Internal = "internal_error";

    public string Code { get; } = code;

    /// <summary>Field → messages, for <see cref="ValidationFailed"/>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    /// <summary>A 400 naming one field.</summary>
    public static ApiError Invalid(string field, string message) => new(ValidationFailed, message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The HTTP status of a code.</summary>
    public static int StatusOf(string code) => code switch
    {
        ValidationFailed => StatusCodes.Status400BadRequest,
        Unauthorized => StatusCodes.Status401Unauthorized,
        StoreNotFound or MemberNotFound or CardNotFound or OrderNotFound or NotFound => StatusCodes.Status404NotFound,
        MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        StoreExists or MemberExists or DuplicateOrder or InsufficientBalance or InsufficientPoints or CardFrozen
            or BalanceCapExceeded or RefundExceedsPurchase => StatusCodes.Status409Conflict,
        IdempotencyKeyReused => StatusCodes.Status422UnprocessableEntity,
        Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
