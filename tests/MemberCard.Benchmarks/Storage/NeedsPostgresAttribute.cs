namespace MemberCard.Benchmarks.Storage;

/// <summary>Marks a benchmark that runs against PostgreSQL, so it can be left out when no server is configured.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NeedsPostgresAttribute : Attribute;
