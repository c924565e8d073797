namespace MemberCard.Testing;

/// <summary>
/// A theory that needs PostgreSQL: skipped on a developer machine without a configured server, never skipped in
/// CI (<c>CI=true</c>), where a missing server makes the test fail.
/// </summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> from the environment.</summary>
    public PostgresTheoryAttribute() => Skip = TestPostgres.SkipReason;
}
