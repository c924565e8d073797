namespace MemberCard.Client;

/// <summary>Members: registration, lookup by phone or ID number, profile, tags, their cards and tier changes.</summary>
public sealed class MembersClient
{
    private static readonly MemberCardJsonContext Json = MemberCardJsonContext.Default;

    private readonly ApiTransport _api;

    internal MembersClient(ApiTransport api) => _api = api;

    /// <summary>Registers a member. Refusals: <c>member_exists</c> (the phone), <c>id_number_taken</c>, <c>store_not_found</c>, <c>validation_failed</c>.</summary>
    /// <remarks>Not retried after a 503: had the first attempt worked, the retry would be refused with <c>member_exists</c>.</remarks>
    [PosOperation("RegisterMember", "POST", "/api/v1/members")]
    public Task<Member> RegisterAsync(RegisterMemberRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, "api/v1/members", request, Json.RegisterMemberRequest, Json.Member, retrySafe: false, null, cancellationToken);

    /// <summary>The member. Refusal: <c>member_not_found</c>.</summary>
    [PosOperation("GetMember", "GET", "/api/v1/members/{memberId}")]
    public Task<Member> GetAsync(string memberId, CancellationToken cancellationToken = default) =>
        _api.GetAsync(MemberPath(memberId), Json.Member, cancellationToken);

    /// <summary>The member with this phone (sent in the body, never in a URL). Refusal: <c>member_not_found</c>.</summary>
    [PosOperation("LookupMember", "POST", "/api/v1/members/lookup")]
    public Task<Member> LookupByPhoneAsync(string phone, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, "api/v1/members/lookup", new LookupMemberBody(phone), Json.LookupMemberBody, Json.Member,
            retrySafe: true, null, cancellationToken);

    /// <summary>The member holding this resident ID number (sent in the body, never in a URL). Refusals: <c>member_not_found</c>, <c>validation_failed</c>.</summary>
    [PosOperation("LookupMember", "POST", "/api/v1/members/lookup")]
    public Task<Member> LookupByIdNumberAsync(string idNumber, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, "api/v1/members/lookup", new LookupMemberBody(null, idNumber), Json.LookupMemberBody, Json.Member,
            retrySafe: true, null, cancellationToken);

    /// <summary>
    /// Changes the profile; null fields stay. A new phone, or a new ID number for a member who has one, needs a manager's
    /// credential and a reason. Refusals: <c>member_not_found</c>, <c>member_exists</c> (a phone taken), <c>id_number_taken</c>,
    /// <c>phone_code_required</c> (a till sent a new phone), <c>forbidden</c> (a till replaced an ID number), <c>validation_failed</c>.
    /// </summary>
    [PosOperation("UpdateMember", "PATCH", "/api/v1/members/{memberId}")]
    public Task<Member> UpdateAsync(string memberId, UpdateMemberRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync(new HttpMethod("PATCH"), MemberPath(memberId), request, Json.UpdateMemberRequest, Json.Member,
            retrySafe: true, null, cancellationToken);

    /// <summary>
    /// Sends a 6-digit code to the member's new phone (a till's way to change a phone); it holds 10 minutes.
    /// Refusals: <c>member_not_found</c>, <c>member_exists</c> (another member's phone), <c>rate_limited</c> (a code
    /// less than a minute ago), <c>validation_failed</c>.
    /// </summary>
    /// <remarks>Not retried after a 503: had the first attempt worked, the retry would be refused with <c>rate_limited</c>.</remarks>
    [PosOperation("RequestPhoneChange", "POST", "/api/v1/members/{memberId}/phone-change")]
    public Task<PhoneChange> RequestPhoneChangeAsync(string memberId, string phone, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, MemberPath(memberId) + "/phone-change", new LookupMemberBody(phone), Json.LookupMemberBody, Json.PhoneChange,
            retrySafe: false, null, cancellationToken);

    /// <summary>
    /// Confirms the phone change with the code the new phone received; answers the member with the new phone.
    /// Refusals: <c>phone_code_invalid</c> (wrong; tries left in the detail), <c>phone_code_expired</c>,
    /// <c>phone_change_not_requested</c>, <c>member_exists</c>, <c>validation_failed</c>.
    /// </summary>
    /// <remarks>Not retried after a 503: had the first attempt worked, the retry would be refused with <c>phone_change_not_requested</c>.</remarks>
    [PosOperation("ConfirmPhoneChange", "POST", "/api/v1/members/{memberId}/phone-change/confirm")]
    public Task<Member> ConfirmPhoneChangeAsync(string memberId, string code, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, MemberPath(memberId) + "/phone-change/confirm", new PhoneCodeBody(code), Json.PhoneCodeBody, Json.Member,
            retrySafe: false, null, cancellationToken);

    /// <summary>Replaces the member's tags (an empty list clears them). Refusals: <c>member_not_found</c>, <c>validation_failed</c>.</summary>
    [PosOperation("SetMemberTags", "PUT", "/api/v1/members/{memberId}/tags")]
    public Task<Member> SetTagsAsync(string memberId, IEnumerable<string> tags, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Put, MemberPath(memberId) + "/tags", new MemberTagsBody([.. tags]), Json.MemberTagsBody, Json.Member,
            retrySafe: true, null, cancellationToken);

    /// <summary>
    /// Issues a new card to the member (the rule set's default product unless <paramref name="productId"/> names one).
    /// Refusals: <c>member_not_found</c>, <c>validation_failed</c>.
    /// </summary>
    /// <remarks>Not retried after a 503 or a broken connection: the first attempt may have issued a card already.</remarks>
    [PosOperation("IssueCard", "POST", "/api/v1/members/{memberId}/cards")]
    public Task<Card> IssueCardAsync(string memberId, string? productId = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, MemberPath(memberId) + "/cards", new IssueCardBody(productId), Json.IssueCardBody, Json.Card,
            retrySafe: false, null, cancellationToken);

    /// <summary>The member's cards, oldest first. Refusal: <c>member_not_found</c>.</summary>
    [PosOperation("ListMemberCards", "GET", "/api/v1/members/{memberId}/cards")]
    public async Task<IReadOnlyList<Card>> ListCardsAsync(string memberId, CancellationToken cancellationToken = default) =>
        (await _api.GetAsync(MemberPath(memberId) + "/cards", Json.PageCard, cancellationToken).ConfigureAwait(false)).Items;

    /// <summary>The member's latest tier changes, newest first (up to <paramref name="limit"/>, 1–200, default 50). Refusal: <c>member_not_found</c>.</summary>
    [PosOperation("ListTierChanges", "GET", "/api/v1/members/{memberId}/tier-changes")]
    public async Task<IReadOnlyList<TierChange>> ListTierChangesAsync(string memberId, int? limit = null, CancellationToken cancellationToken = default) =>
        (await _api.GetAsync(MemberPath(memberId) + "/tier-changes" + Paging.Query(limit, null), Json.PageTierChange, cancellationToken)
            .ConfigureAwait(false)).Items;

    private static string MemberPath(string memberId) => "api/v1/members/" + ApiTransport.Segment(memberId);
}
