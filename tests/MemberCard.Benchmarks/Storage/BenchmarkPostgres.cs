using MemberCard.Testing;

namespace MemberCard.Benchmarks.Storage;

/// <summary>The PostgreSQL server the storage benchmarks write to, if one is configured.</summary>
public static class BenchmarkPostgres
{
    /// <summary>Npgsql connection string of a database the benchmarks may fill (they never drop anything).</summary>
    public const string ConnectionStringVariable = "MEMBERCARD_BENCH_POSTGRES";

    /// <summary>From <see cref="ConnectionStringVariable"/>, else the test server's variable, else null.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } value ? value : TestPostgres.ConfiguredConnectionString;

    /// <summary>Why the PostgreSQL benchmarks are left out.</summary>
    public static string MissingReason =>
        $"PostgreSQL storage benchmarks skipped: set {ConnectionStringVariable} (or {TestPostgres.ConnectionStringVariable}) "
        + "to an Npgsql connection string, e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=membercard_bench.";
}
