using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Members;
using MemberCard.Grains.Shared;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Cards;
using MemberCard.Server.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Members;

/// <summary>Register a member.</summary>
public sealed record RegisterMemberRequest(
    [property: Required, RegularExpression(Identifiers.PhonePattern)] string? Phone,
    [property: StringLength(MemberEndpoints.MaxName)] string? Name,
    [property: RegularExpression(MemberEndpoints.BirthdayPattern)] string? Birthday,
    [property: StringLength(MemberEndpoints.MaxEmail)] string? Email,
    [property: RegularExpression(MemberEndpoints.OptionalStoreIdPattern)] string? StoreId,
    [property: RegularExpression(Identifiers.IdNumberPattern)] string? IdNumber = null);

/// <summary>Find a member by phone or by resident ID number: send exactly one of them.</summary>
public sealed record LookupMemberRequest(
    [property: RegularExpression(Identifiers.PhonePattern)] string? Phone,
    [property: RegularExpression(Identifiers.IdNumberPattern)] string? IdNumber = null);

/// <summary>A member; the phone and the ID number are masked.</summary>
/// <remarks>Additions to v1: tags, the rolling 12-month spend and points (the tier measures), when the yearly tier review is due, and the
/// resident ID number masked (`110***********123X`; null without one).</remarks>
public sealed record MemberResponse(
    string MemberId, string Phone, string? Name, string? Birthday, string? Email, [property: Description(TierText.Description)] string Tier,
    string? StoreId, DateTime CreatedAt, IReadOnlyList<string> Tags, long RollingSpend, long RollingPoints, DateTime? TierReviewAt, string? IdNumberMask)
{
    public static MemberResponse From(MemberView v) => new(v.MemberId, v.Phone, v.Name,
        v.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), v.Email, v.Tier, v.StoreId, v.CreatedAt.UtcDateTime,
        v.Tags ?? [], v.RollingSpend, v.RollingPoints, v.TierReviewAt?.UtcDateTime, v.IdNumberMask);
}

/// <summary>A member's data export (admin): the phone and the ID number in clear, as the member is entitled to them.</summary>
public sealed record MemberExportResponse(
    string MemberId, string? Phone, string? Name, string? Birthday, string? Email, string Tier, string? StoreId, DateTime CreatedAt, bool Erased,
    IReadOnlyList<CardResponse> Cards, IReadOnlyList<TransactionItem> Transactions, string? IdNumber);

/// <summary>/api/v1/members.</summary>
public static class MemberEndpoints
{
    /// <summary>The longest member name.</summary>
    internal const int MaxName = 100;

    /// <summary>The longest reason a manager gives for a phone change.</summary>
    internal const int MaxReason = 200;

    /// <summary>The longest e-mail address.</summary>
    internal const int MaxEmail = 254;

    /// <summary>The longest card product id.</summary>
    internal const int MaxProductId = 32;

    /// <summary>A birthday's shape (a past date from 1900 on).</summary>
    internal const string BirthdayPattern = "^(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}$";

    /// <summary>An optional store id: empty or a store id.</summary>
    internal const string OptionalStoreIdPattern = "^[A-Za-z0-9_-]{0,32}$";

    public static void MapMemberEndpoints(this RouteGroupBuilder api)
    {
        var members = api.MapGroup("/members").WithTags("Members").RequireAuthorization(Caller.PosPolicy);
        members.MapPost("/", RegisterMember).WithName(nameof(RegisterMember)).WithSummary("Register a member")
            .WithDescription("Registers a member by phone (one member per phone); `storeId` is the registering store. The answer "
                + "masks the phone. `birthday` is a past date written yyyy-MM-dd. `idNumber` is an optional resident ID number (18 characters, "
                + "GB 11643-1999 check character, a real birth date; a lower-case x is taken); one member per number (409 `id_number_taken`); "
                + "the answer shows it masked as `idNumberMask`.")
            .CanFail(ErrorCodes.MemberExists, ErrorCodes.IdNumberTaken, ErrorCodes.StoreNotFound, ErrorCodes.ValidationFailed);
        members.MapGet("/{memberId}", GetMember).WithName(nameof(GetMember)).WithSummary("Get a member")
            .WithDescription("The member with a masked phone, tier, tags and the rolling 12-month tier measures.")
            .CanFail(ErrorCodes.MemberNotFound);
        members.MapPost("/lookup", LookupMember).WithName(nameof(LookupMember)).WithSummary("Find a member by phone or by ID number")
            .WithDescription("Finds the member registered with a phone (spaces and dashes ignored) or holding a resident ID number: send "
                + "exactly one of `phone` and `idNumber`. A POST, so neither ever appears in a URL or an access log. Lookups by ID number "
                + "are audited (found or not) and limited per credential (429 with `Retry-After`).")
            .CanFail(ErrorCodes.MemberNotFound, ErrorCodes.RateLimited, ErrorCodes.ValidationFailed);
        members.MapPost("/{memberId}/cards", IssueCard).WithName(nameof(IssueCard)).WithSummary("Issue a card to a member")
            .WithDescription("Issues a new card of `productId` (the rule set's default product when omitted; the body is optional).")
            .CanFail(ErrorCodes.MemberNotFound, ErrorCodes.ProductNotFound, ErrorCodes.ValidationFailed);
        var privacy = api.MapGroup("/members").WithTags("Members").RequireAuthorization(Caller.AdminPolicy);
        privacy.MapGet("/{memberId}/export", ExportMember).WithName(nameof(ExportMember))
            .WithSummary("Everything held about a member, phone and ID number in clear (admin, audited)")
            .WithDescription("The member's data export: profile with the phone and the ID number in clear, cards and their latest ledger entries.")
            .CanFail(ErrorCodes.MemberNotFound);
        privacy.MapPost("/{memberId}/erase", EraseMember).WithName(nameof(EraseMember))
            .WithSummary("Erase a member's personal data; ledgers keep their amounts (admin)")
            .WithDescription("Erases phone, name, birthday, e-mail and ID number for good (both may register again); the member then reads as not found. Answers 204.")
            .CanFail(ErrorCodes.MemberNotFound);
        api.MapMemberProfileEndpoints();
        api.MapMemberPhoneEndpoints();
    }

    [Audited("member.register")]
    public static async Task<Created<MemberResponse>> RegisterMember(RegisterMemberRequest request, IGrainFactory grains, CurrentStores stores, HttpContext context)
    {
        var user = context.User;
        var rules = new RequestRules();
        var phone = rules.Phone("phone", request.Phone);
        var name = rules.Text("name", request.Name, MaxName, required: false);
        var email = rules.Text("email", request.Email, MaxEmail, required: false);
        if (email.Length > 0 && (!email.Contains('@') || email.StartsWith('@') || email.EndsWith('@'))) rules.Fail("email", "email is not an address.");
        DateOnly? birthday = null;
        if (request.Birthday is not null)
        {
            if (DateOnly.TryParseExact(request.Birthday, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var b)
                && b.Year >= 1900 && b <= DateOnly.FromDateTime(DateTime.UtcNow)) birthday = b;
            else rules.Fail("birthday", "birthday must be a past date written yyyy-MM-dd.");
        }
        var storeId = rules.StoreId("storeId", request.StoreId, required: false);
        var idNumber = request.IdNumber is null ? null : rules.IdNumber("idNumber", request.IdNumber);
        rules.ThrowIfAny();
        // A store-bound credential (terminal key, store manager, cashier) registers for its own store unless told otherwise.
        if (storeId.Length == 0) storeId = user.FindFirstValue(Caller.StoreClaim) ?? "";
        if (storeId.Length > 0)
        {
            Caller.RequireStore(user, storeId);
            await StoreEndpoints.FindAsync(stores, storeId);
        }
        var memberId = Guid.CreateVersion7().ToString("N");
        var member = await grains.GetGrain<IMemberGrain>(memberId).RegisterAsync(
            new RegisterMember(phone, NullIfEmpty(name), birthday, NullIfEmpty(email), NullIfEmpty(storeId), Caller.Actor(context), idNumber));
        return TypedResults.Created($"/api/v1/members/{memberId}", MemberResponse.From(member));
    }

    public static async Task<Ok<MemberResponse>> GetMember(string memberId, IGrainFactory grains) =>
        TypedResults.Ok(MemberResponse.From(await FindAsync(grains, memberId)));

    public static async Task<Ok<MemberResponse>> LookupMember(
        LookupMemberRequest request, HttpContext context, IGrainFactory grains, PhoneIndex phones, IdNumberLookups idNumbers)
    {
        var rules = new RequestRules();
        if (request.IdNumber is not null && request.Phone is not null) rules.Fail("idNumber", "Send phone or idNumber, not both.");
        var idNumber = request.IdNumber is null ? null : rules.IdNumber("idNumber", request.IdNumber);
        var phone = idNumber is null ? rules.Phone("phone", request.Phone) : null;
        rules.ThrowIfAny();
        var memberId = phone is null ? await idNumbers.FindMemberIdAsync(context, idNumber!)
            : await phones.FindMemberIdAsync(phone) ?? throw new DomainException(ErrorCodes.MemberNotFound, "No member has this phone.");
        return TypedResults.Ok(MemberResponse.From(await FindAsync(grains, memberId)));
    }

    [Audited("member.issue_card")]
    public static async Task<Created<CardResponse>> IssueCard(string memberId, IssueCardRequest? request, HttpContext context, IGrainFactory grains)
    {
        if (!Identifiers.IsMemberId(memberId)) throw NotFound(memberId);
        var rules = new RequestRules();
        var productId = rules.Text("productId", request?.ProductId, MaxProductId, required: false);
        rules.ThrowIfAny();
        var issued = await grains.GetGrain<IMemberGrain>(memberId).IssueCardAsync(
            new IssueCard(Caller.Actor(context), productId.Length == 0 ? null : productId));
        var card = await CardEndpoints.FindAsync(grains, issued.CardNo);
        return TypedResults.Created($"/api/v1/cards/{issued.CardNo}", CardResponse.From(card));
    }

    [Audited("member.export")]
    public static async Task<Ok<MemberExportResponse>> ExportMember(string memberId, HttpContext context, IGrainFactory grains)
    {
        var export = (Identifiers.IsMemberId(memberId) ? await grains.GetGrain<IMemberGrain>(memberId).ExportAsync(Caller.Actor(context)) : null)
            ?? throw NotFound(memberId);
        var cards = new List<CardResponse>();
        var transactions = new List<TransactionItem>();
        foreach (var cardNo in export.Cards)
        {
            cards.Add(CardResponse.From(await CardEndpoints.FindAsync(grains, cardNo)));
            var page = await grains.GetGrain<ICardGrain>(cardNo).ListTransactionsAsync(200, null);
            transactions.AddRange(page.Items.Select(TransactionItem.From));
        }
        return TypedResults.Ok(new MemberExportResponse(export.MemberId, export.Phone, export.Name,
            export.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), export.Email, export.Tier, export.StoreId,
            export.CreatedAt.UtcDateTime, export.Erased, cards, transactions, export.IdNumber));
    }

    [Audited("member.erase")]
    public static async Task<NoContent> EraseMember(string memberId, HttpContext context, IGrainFactory grains)
    {
        var erased = Identifiers.IsMemberId(memberId) && await grains.GetGrain<IMemberGrain>(memberId).EraseAsync(Caller.Actor(context));
        return erased ? TypedResults.NoContent() : throw NotFound(memberId);
    }

    private static async Task<MemberView> FindAsync(IGrainFactory grains, string memberId)
    {
        var member = Identifiers.IsMemberId(memberId) ? await grains.GetGrain<IMemberGrain>(memberId).GetAsync() : null;
        return member ?? throw NotFound(memberId);
    }

    private static DomainException NotFound(string memberId) => new(ErrorCodes.MemberNotFound, $"Member {memberId} does not exist.");

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
