namespace MemberCard.Cli.Load;

/// <summary>A card made by the seeder, with its request URIs built once instead of on every request.</summary>
internal sealed record SeededCard(string CardNo, Uri Card, Uri TopUps, Uri Purchases, Uri Refunds);
