namespace MemberCard.Client;

/// <summary>
/// The ProblemDetails <c>code</c> of a refusal, as this client knows it. A code the server adds later is
/// <see cref="Other"/>; <see cref="MemberCardApiException.CodeText"/> still has its text.
/// </summary>
public enum MemberCardErrorCode
{
    /// <summary>A code this version of the client does not know, or an answer without one (a proxy's error page).</summary>
    Other = 0,

    /// <summary>400: the request breaks a rule; <see cref="MemberCardApiException.Errors"/> says which field.</summary>
    ValidationFailed,

    /// <summary>401: no credential, or a wrong one.</summary>
    Unauthorized,

    /// <summary>403: the credential may not do this (another store's card, an admin operation).</summary>
    Forbidden,

    /// <summary>404: no such store.</summary>
    StoreNotFound,

    /// <summary>404: no such member.</summary>
    MemberNotFound,

    /// <summary>404: no such card.</summary>
    CardNotFound,

    /// <summary>404: no such order on this card (refund).</summary>
    OrderNotFound,

    /// <summary>404: no such coupon (or not this member's).</summary>
    CouponNotFound,

    /// <summary>409: a store with this id exists.</summary>
    StoreExists,

    /// <summary>409: this phone is registered already.</summary>
    MemberExists,

    /// <summary>409: this store's order number was used for another purchase.</summary>
    DuplicateOrder,

    /// <summary>409: not enough stored value; nothing was charged.</summary>
    InsufficientBalance,

    /// <summary>409: not enough points; nothing was charged.</summary>
    InsufficientPoints,

    /// <summary>409: the card is frozen (top-ups and purchases are refused).</summary>
    CardFrozen,

    /// <summary>409: the top-up would take the card past its cap.</summary>
    BalanceCapExceeded,

    /// <summary>409: the refunds of the order would exceed what was paid.</summary>
    RefundExceedsPurchase,

    /// <summary>409: the coupon was used already.</summary>
    CouponAlreadyRedeemed,

    /// <summary>409: the coupon does not apply to this order (minimum spend, store, points).</summary>
    CouponNotApplicable,

    /// <summary>422: this Idempotency-Key was used for a different request.</summary>
    IdempotencyKeyReused,

    /// <summary>429: too many requests; retried for you while the Retry-After delay allows.</summary>
    RateLimited,

    /// <summary>503: a silo or the database is unreachable; safe to retry later with the same Idempotency-Key.</summary>
    Unavailable,

    /// <summary>409: another member holds this resident ID number.</summary>
    IdNumberTaken,
}
