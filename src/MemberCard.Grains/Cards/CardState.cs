using System.Text.Json.Serialization;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;

namespace MemberCard.Grains.Cards;

/// <summary>
/// Durable state of a card. Balance = Principal + Bonus, Points = the sum of the lots, and both always equal
/// the sums of the ledger. <see cref="EarnDay"/>/<see cref="EarnedToday"/> feed the per-day earning cap;
/// <see cref="OutgoingTransfer"/> is what a lost card handed to <see cref="ReplacedBy"/> (kept so a retry can
/// finish the hand-over). <see cref="Activity"/> is the card's rolling 12-month tier activity (cards of products with
/// tiers), committed with the purchase or refund that changed it: the member's tier measure is the sum over its cards.
/// <see cref="CodeSecret"/> and <see cref="CodeAlias"/> make the card's dynamic member codes (made on first use);
/// <see cref="CodeStepsUsed"/> are the recent steps whose code a top-up or purchase consumed (<see cref="MemberCodes"/>).
/// </summary>
public sealed record CardState(
    string MemberId, string Status, long Balance, long Points, string Tier, DateTimeOffset CreatedAt,
    long Principal = 0, long Bonus = 0, string ProductId = "", IReadOnlyList<PointLot>? Lots = null,
    DateOnly? EarnDay = null, long EarnedToday = 0, string? ReplacedBy = null, string? ReplacedFrom = null,
    CardTransfer? OutgoingTransfer = null, IReadOnlyList<MonthActivity>? Activity = null,
    string? CodeSecret = null, string? CodeAlias = null, IReadOnlyList<long>? CodeStepsUsed = null)
{
    /// <summary>The points lots (never null). Not stored: <see cref="Lots"/> is.</summary>
    [JsonIgnore]
    public IReadOnlyList<PointLot> PointLots => Lots ?? [];
}

/// <summary>What an idempotency key or order number claim remembers: the request and the answer it got.</summary>
public sealed record RequestRecord(string Fingerprint, string CardNo, CardTransaction Transaction);
