using System.ComponentModel.DataAnnotations;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Members;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Members;

/// <summary>Ask for a phone change that a code sent to the new phone confirms.</summary>
public sealed record PhoneChangeRequest([property: Required, RegularExpression(Identifiers.PhonePattern)] string? Phone);

/// <summary>Confirm a phone change with the 6-digit code the new phone received.</summary>
public sealed record PhoneChangeConfirmRequest([property: Required, RegularExpression(MemberPhoneEndpoints.CodePattern)] string? Code);

/// <summary>An open phone change: the new phone masked, until when its code holds, and how many wrong codes it takes.</summary>
public sealed record PhoneChangeResponse(string Phone, DateTime ExpiresAt, int TriesLeft);

/// <summary>/api/v1/members/{memberId}/phone-change: a till's phone change, confirmed by a one-time code to the new phone.</summary>
public static class MemberPhoneEndpoints
{
    /// <summary>Six digits.</summary>
    internal const string CodePattern = "^[0-9]{6}$";

    public static void MapMemberPhoneEndpoints(this RouteGroupBuilder api)
    {
        var pos = api.MapGroup("/members/{memberId}/phone-change").WithTags("Members").RequireAuthorization(Caller.PosPolicy);
        pos.MapPost("/", RequestPhoneChange).WithName(nameof(RequestPhoneChange))
            .WithSummary("Send a one-time code to a member's new phone; the phone changes when the code is confirmed")
            .WithDescription("The code (6 digits) goes to the new phone through the notification webhook and holds 10 minutes; 5 wrong codes cancel "
                + "the change. A new request replaces an open one; a member gets at most one code a minute and five a day (429 `rate_limited`). "
                + "A phone another member has is 409 `member_exists`.")
            .CanFail(ErrorCodes.MemberNotFound, ErrorCodes.MemberExists, ErrorCodes.ValidationFailed, ErrorCodes.RateLimited);
        pos.MapPost("/confirm", ConfirmPhoneChange).WithName(nameof(ConfirmPhoneChange))
            .WithSummary("Confirm a phone change with the code the new phone received")
            .WithDescription("Changes the phone: the phone index moves, the member's sessions end and the old number is told. A wrong code is 400 "
                + "`phone_code_invalid` (the detail says how many tries are left); an expired or cancelled one 409 `phone_code_expired`; none asked for "
                + "409 `phone_change_not_requested`.")
            .CanFail(ErrorCodes.MemberNotFound, ErrorCodes.MemberExists, ErrorCodes.ValidationFailed, ErrorCodes.PhoneCodeInvalid, ErrorCodes.PhoneCodeExpired,
                ErrorCodes.PhoneChangeNotRequested);
    }

    [Audited("member.phone_change_request")]
    public static async Task<Accepted<PhoneChangeResponse>> RequestPhoneChange(string memberId, PhoneChangeRequest request, HttpContext context, IGrainFactory grains)
    {
        var rules = new RequestRules();
        var phone = rules.Phone("phone", request.Phone);
        rules.ThrowIfAny();
        var open = await MemberProfileEndpoints.GrainOf(grains, memberId).RequestPhoneChangeAsync(new RequestPhoneChange(phone, Caller.Actor(context)));
        return TypedResults.Accepted((string?)null, new PhoneChangeResponse(open.Phone, open.ExpiresAt.UtcDateTime, open.TriesLeft));
    }

    [Audited("member.phone_change_confirm")]
    public static async Task<Ok<MemberResponse>> ConfirmPhoneChange(string memberId, PhoneChangeConfirmRequest request, HttpContext context, IGrainFactory grains)
    {
        var rules = new RequestRules();
        var code = request.Code?.Trim() ?? "";
        if (code.Length != 6 || !code.All(char.IsAsciiDigit)) rules.Fail("code", "code is the 6 digits the new phone received.");
        rules.ThrowIfAny();
        var member = await MemberProfileEndpoints.GrainOf(grains, memberId).ConfirmPhoneChangeAsync(new ConfirmPhoneChange(code, Caller.Actor(context)));
        return TypedResults.Ok(MemberResponse.From(member));
    }
}
