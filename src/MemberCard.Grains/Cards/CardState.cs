namespace MemberCard.Grains.Cards;

/// <summary>Durable state of a card. Balance and points always equal the sums of its ledger.</summary>
public sealed record CardState(string MemberId, string Status, long Balance, long Points, string Tier, DateTimeOffset CreatedAt);

/// <summary>What an idempotency key or order number claim remembers: the request and the answer it got.</summary>
public sealed record RequestRecord(string Fingerprint, string CardNo, MemberCard.Abstractions.Cards.CardTransaction Transaction);
