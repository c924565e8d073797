using System.Data.Common;
using MemberCard.Runtime.Streams;
using Npgsql;

namespace MemberCard.Runtime.Postgres;

/// <summary>The PostgreSQL database of <see cref="PostgresGrainStorage"/>, for stream checkpoints and projections.</summary>
public sealed class PostgresProjectionDatabase : IProjectionDatabase, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a small pool of its own, so projections never take connections from the grain write path.</summary>
    public PostgresProjectionDatabase(PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = PostgresDataSources.Create(options.ConnectionString);
    }

    /// <inheritdoc />
    public ProjectionDialect Dialect => ProjectionDialect.Postgres;

    /// <inheritdoc />
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public object Timestamp(DateTimeOffset value) => value.ToUniversalTime();

    /// <inheritdoc />
    public DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
