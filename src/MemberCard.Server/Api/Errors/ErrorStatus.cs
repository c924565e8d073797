using MemberCard.Abstractions;

namespace MemberCard.Server.Api.Errors;

/// <summary>The HTTP status of each error code (the table in docs/api.md).</summary>
public static class ErrorStatus
{
    private static readonly Dictionary<string, int> Statuses = new()
    {
        [ErrorCodes.ValidationFailed] = StatusCodes.Status400BadRequest,
        [ErrorCodes.Unauthorized] = StatusCodes.Status401Unauthorized,
        [ErrorCodes.Forbidden] = StatusCodes.Status403Forbidden,
        [ErrorCodes.StoreNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.MemberNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.CardNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.OrderNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.StoreExists] = StatusCodes.Status409Conflict,
        [ErrorCodes.MemberExists] = StatusCodes.Status409Conflict,
        [ErrorCodes.CardExists] = StatusCodes.Status409Conflict,
        [ErrorCodes.StaffExists] = StatusCodes.Status409Conflict,
        [ErrorCodes.StaffNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.ApiKeyNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.DuplicateOrder] = StatusCodes.Status409Conflict,
        [ErrorCodes.InsufficientBalance] = StatusCodes.Status409Conflict,
        [ErrorCodes.InsufficientPoints] = StatusCodes.Status409Conflict,
        [ErrorCodes.CardFrozen] = StatusCodes.Status409Conflict,
        [ErrorCodes.CardClosed] = StatusCodes.Status409Conflict,
        [ErrorCodes.ProductNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.RulesVersionNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.BalanceCapExceeded] = StatusCodes.Status409Conflict,
        [ErrorCodes.RefundExceedsPurchase] = StatusCodes.Status409Conflict,
        [ErrorCodes.NotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.MethodNotAllowed] = StatusCodes.Status405MethodNotAllowed,
        [ErrorCodes.RequestTooLarge] = StatusCodes.Status413PayloadTooLarge,
        [ErrorCodes.UnsupportedMediaType] = StatusCodes.Status415UnsupportedMediaType,
        [ErrorCodes.IdempotencyKeyReused] = StatusCodes.Status422UnprocessableEntity,
        [ErrorCodes.RateLimited] = StatusCodes.Status429TooManyRequests,
        [ErrorCodes.Internal] = StatusCodes.Status500InternalServerError,
        [ErrorCodes.Unavailable] = StatusCodes.Status503ServiceUnavailable,
        [ErrorCodes.Timeout] = StatusCodes.Status504GatewayTimeout,
        [ErrorCodes.CouponNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.CouponAlreadyRedeemed] = StatusCodes.Status409Conflict,
        [ErrorCodes.CouponExpired] = StatusCodes.Status409Conflict,
        [ErrorCodes.CouponNotApplicable] = StatusCodes.Status409Conflict,
        [ErrorCodes.CampaignNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.CampaignExists] = StatusCodes.Status409Conflict,
        [ErrorCodes.CampaignStateConflict] = StatusCodes.Status409Conflict,
        [ErrorCodes.PhoneCodeRequired] = StatusCodes.Status403Forbidden,
        [ErrorCodes.PhoneChangeNotRequested] = StatusCodes.Status409Conflict,
        [ErrorCodes.PhoneCodeInvalid] = StatusCodes.Status400BadRequest,
        [ErrorCodes.PhoneCodeExpired] = StatusCodes.Status409Conflict,
        [ErrorCodes.SignInCodeInvalid] = StatusCodes.Status401Unauthorized,
        [ErrorCodes.SignInCodeExpired] = StatusCodes.Status401Unauthorized,
        [ErrorCodes.MemberCodeUsed] = StatusCodes.Status409Conflict,
        [ErrorCodes.MemberCodeInvalid] = StatusCodes.Status409Conflict,
        [ErrorCodes.IdNumberTaken] = StatusCodes.Status409Conflict,
        [ErrorCodes.RulesPilotRunning] = StatusCodes.Status409Conflict,
        [ErrorCodes.RulesPilotNotRunning] = StatusCodes.Status409Conflict,
        [ErrorCodes.ActivityNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.ActivityExists] = StatusCodes.Status409Conflict,
        [ErrorCodes.ActivityFull] = StatusCodes.Status409Conflict,
        [ErrorCodes.ActivityCancelled] = StatusCodes.Status409Conflict,
        [ErrorCodes.ActivityNotEligible] = StatusCodes.Status409Conflict,
        [ErrorCodes.ActivityNotAtStore] = StatusCodes.Status409Conflict,
        [ErrorCodes.SignUpClosed] = StatusCodes.Status409Conflict,
        [ErrorCodes.NotSignedUp] = StatusCodes.Status409Conflict,
        [ErrorCodes.CheckInClosed] = StatusCodes.Status409Conflict,
        [ErrorCodes.AlreadyCheckedIn] = StatusCodes.Status409Conflict,
        [ErrorCodes.RewardNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.RewardExists] = StatusCodes.Status409Conflict,
        [ErrorCodes.RewardPaused] = StatusCodes.Status409Conflict,
        [ErrorCodes.RewardRetired] = StatusCodes.Status409Conflict,
        [ErrorCodes.RewardNotAvailable] = StatusCodes.Status409Conflict,
        [ErrorCodes.OutOfStock] = StatusCodes.Status409Conflict,
        [ErrorCodes.LimitReached] = StatusCodes.Status409Conflict,
        [ErrorCodes.MallOrderNotFound] = StatusCodes.Status404NotFound,
        [ErrorCodes.MallOrderStateConflict] = StatusCodes.Status409Conflict,
    };

    /// <summary>All codes and their statuses.</summary>
    public static IReadOnlyDictionary<string, int> All => Statuses;

    /// <summary>The status of a code; an unknown code is a programming error and answers 500.</summary>
    public static int Of(string code) => Statuses.GetValueOrDefault(code, StatusCodes.Status500InternalServerError);
}
