namespace MemberCard.Testing;

/// <summary>
/// Marks a test class whose <see cref="StorageFactAttribute"/> tests need PostgreSQL: they are skipped like
/// <c>[PostgresFact]</c> tests when no server is configured outside CI.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresPostgresAttribute : Attribute;
