namespace MemberCard.Abstractions.Cards;

/// <summary>
/// A card's dynamic member code (docs/security.md, "Member self-service"): a short code that names the card, changes
/// every minute and is checked by the card grain alone.
/// </summary>
[Alias("mc.ICardMemberCodeGrain")]
public interface ICardMemberCodeGrain : IGrainWithStringKey
{
    /// <summary>The card's code for this minute, for its member; the card's code secret is made on first use.</summary>
    Task<MemberCodeIssued> IssueMemberCodeAsync(string memberId);

    /// <summary>The card a code names, without consuming the code; refusals: <c>member_code_invalid</c>, <c>member_code_used</c>.</summary>
    [ReadOnly]
    Task<CardView> LookupByMemberCodeAsync(string code);
}

/// <summary>A member code, the card it names, until when a till accepts it, and when the next one comes.</summary>
[GenerateSerializer, Immutable, Alias("mc.MemberCodeIssued")]
public sealed record MemberCodeIssued([property: Id(0)] string Code, [property: Id(1)] string CardNo, [property: Id(2)] DateTimeOffset ValidUntil, [property: Id(3)] DateTimeOffset NextCodeAt);
