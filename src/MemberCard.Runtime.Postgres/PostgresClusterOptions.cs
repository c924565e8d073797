namespace MemberCard.Runtime.Postgres;

/// <summary>Where the cluster's membership table and grain directory live.</summary>
public sealed class PostgresClusterOptions
{
    /// <summary>Npgsql connection string (normally the grain storage's).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The cluster id; rows of other clusters in the same database are ignored.</summary>
    public string ClusterId { get; set; } = "membercard";
}
