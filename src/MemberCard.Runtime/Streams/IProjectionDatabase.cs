using System.Data.Common;

namespace MemberCard.Runtime.Streams;

/// <summary>
/// The relational database the grain storage lives in, opened for the stream machinery and for consumers that keep
/// their projections there (reports, notification logs). Statements use <c>@name</c> parameters, which both
/// providers accept; the few differences between them are answered here.
/// </summary>
public interface IProjectionDatabase
{
    /// <summary>Which SQL dialect the database speaks.</summary>
    ProjectionDialect Dialect { get; }

    /// <summary>Opens a connection able to write.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>A timestamp as the database stores it (timestamptz, or fixed-width UTC text on SQLite).</summary>
    object Timestamp(DateTimeOffset value);

    /// <summary>Reads a timestamp written with <see cref="Timestamp"/>.</summary>
    DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal);
}

/// <summary>SQL dialects of the storage providers.</summary>
public enum ProjectionDialect
{
    /// <summary>The embedded SQLite file.</summary>
    Sqlite,

    /// <summary>PostgreSQL.</summary>
    Postgres,
}
