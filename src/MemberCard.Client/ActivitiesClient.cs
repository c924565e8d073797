namespace MemberCard.Client;

/// <summary>The till's side of member activities (docs/activities.md): sign a member up, cancel for them, check them in.</summary>
public sealed class ActivitiesClient
{
    private static readonly MemberCardJsonContext Json = MemberCardJsonContext.Default;

    private readonly ApiTransport _api;

    internal ActivitiesClient(ApiTransport api) => _api = api;

    /// <summary>
    /// Signs the member up, or puts them on the waiting list; a member already signed up gets their registration again (so a
    /// retry is safe). Refusals: <c>activity_full</c>, <c>activity_not_eligible</c>, <c>sign_up_closed</c>, <c>activity_cancelled</c>,
    /// <c>activity_not_found</c>, <c>member_not_found</c>, <c>forbidden</c> (another store), <c>validation_failed</c>.
    /// </summary>
    [PosOperation("SignUpMember", "POST", "/api/v1/activities/{activityId}/sign-ups")]
    public Task<ActivityRegistration> SignUpAsync(string activityId, ActivitySignUpRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, $"api/v1/activities/{ApiTransport.Segment(activityId)}/sign-ups", request, Json.ActivitySignUpRequest,
            Json.ActivityRegistration, retrySafe: true, null, cancellationToken);

    /// <summary>
    /// Cancels the member's sign-up; the first member waiting takes the place. Not retried after a 503 (a retry of a cancellation
    /// that worked is refused with <c>not_signed_up</c>). Refusals: <c>not_signed_up</c>, <c>already_checked_in</c>,
    /// <c>sign_up_closed</c>, <c>activity_not_found</c>, <c>forbidden</c>, <c>validation_failed</c>.
    /// </summary>
    [PosOperation("CancelMemberSignUp", "POST", "/api/v1/activities/{activityId}/sign-ups/{memberId}/cancel")]
    public Task<ActivityRegistration> CancelSignUpAsync(string activityId, string memberId, string storeId, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, $"api/v1/activities/{ApiTransport.Segment(activityId)}/sign-ups/{ApiTransport.Segment(memberId)}/cancel",
            new ActivityCancelSignUpBody(storeId), Json.ActivityCancelSignUpBody, Json.ActivityRegistration, retrySafe: false, null, cancellationToken);

    /// <summary>
    /// Checks the member in; the activity's points go to the card once. A retry never credits twice: after a check-in that
    /// worked it is refused with <c>already_checked_in</c>. Refusals: <c>already_checked_in</c>, <c>not_signed_up</c>,
    /// <c>check_in_closed</c>, <c>activity_not_at_store</c>, <c>activity_cancelled</c>, <c>activity_not_found</c>,
    /// <c>card_not_found</c>, <c>card_closed</c>, <c>member_not_found</c>, <c>member_code_invalid</c>, <c>forbidden</c>, <c>validation_failed</c>.
    /// </summary>
    [PosOperation("CheckInMember", "POST", "/api/v1/activities/{activityId}/check-ins")]
    public Task<ActivityCheckIn> CheckInAsync(string activityId, ActivityCheckInRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, $"api/v1/activities/{ApiTransport.Segment(activityId)}/check-ins", request, Json.ActivityCheckInRequest,
            Json.ActivityCheckIn, retrySafe: true, null, cancellationToken);
}
