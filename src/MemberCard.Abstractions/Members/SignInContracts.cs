namespace MemberCard.Abstractions.Members;

/// <summary>
/// Member sign-in by a one-time code, for one phone: keyed by the phone's blind-index HMAC (never the phone). Registered
/// and unregistered phones take the same steps, so no answer, limit or lock tells them apart (docs/security.md,
/// "Member self-service").
/// </summary>
[Alias("mc.IPhoneSignInGrain")]
public interface IPhoneSignInGrain : IGrainWithStringKey
{
    /// <summary>Sends a code to the phone when a member has it; <see cref="ErrorCodes.RateLimited"/> when asked too often or locked.</summary>
    Task<SignInCodeSent> RequestCodeAsync(string phone);

    /// <summary>The member the code signs in; refusals: wrong code (tries left), expired or none, locked.</summary>
    Task<string> VerifyAsync(string code);
}

/// <summary>What a code request answers, the same for every phone.</summary>
[GenerateSerializer, Immutable, Alias("mc.SignInCodeSent")]
public sealed record SignInCodeSent([property: Id(0)] DateTimeOffset ExpiresAt, [property: Id(1)] TimeSpan ResendAfter);

/// <summary>The member side of sign-in: sending the code to the member's phone, and the session stamp tokens carry.</summary>
[Alias("mc.IMemberSessionGrain")]
public interface IMemberSessionGrain : IGrainWithStringKey
{
    /// <summary>Seals a sign-in code for the member's phone and publishes it (<c>member.sign_in_code</c>); false when there is no member.</summary>
    Task<bool> SendSignInCodeAsync(SendSignInCode command);

    /// <summary>The member's current session, or null when the member does not exist or was erased.</summary>
    [ReadOnly]
    Task<MemberSession?> GetSessionAsync();
}

/// <summary>A sign-in code for the member's phone, valid until <paramref name="ExpiresAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("mc.SendSignInCode")]
public sealed record SendSignInCode([property: Id(0)] string Code, [property: Id(1)] DateTimeOffset ExpiresAt);

/// <summary>A member's session: tokens carry <paramref name="Stamp"/> ("" until the first phone change) and end when it changes.</summary>
[GenerateSerializer, Immutable, Alias("mc.MemberSession")]
public sealed record MemberSession([property: Id(0)] string MemberId, [property: Id(1)] string Stamp);
