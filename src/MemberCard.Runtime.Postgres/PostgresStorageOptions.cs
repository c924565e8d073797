namespace MemberCard.Runtime.Postgres;

/// <summary>How to reach the PostgreSQL database that holds grain state.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>Npgsql connection string; pooling settings in it apply to the storage's data source.</summary>
    public string ConnectionString { get; set; } = "";
}
