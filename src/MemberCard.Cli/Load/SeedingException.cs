namespace MemberCard.Cli.Load;

/// <summary>Seeding could not make the stores, members or cards a round needs; the run cannot go on.</summary>
internal sealed class SeedingException(string message) : Exception(message);
