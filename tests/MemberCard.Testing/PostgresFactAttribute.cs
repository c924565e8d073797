namespace MemberCard.Testing;

/// <summary>
/// A fact that needs PostgreSQL: skipped on a developer machine without a configured server, never skipped in
/// CI (<c>CI=true</c>), where a missing server makes the test fail.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> from the environment.</summary>
    public PostgresFactAttribute() => Skip = TestPostgres.SkipReason;
}
