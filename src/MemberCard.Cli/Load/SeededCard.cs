namespace MemberCard.Cli.Load;

/// <summary>A card made by the seeder.</summary>
internal sealed record SeededCard(string CardNo);
