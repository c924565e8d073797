using System.Data.Common;

namespace MemberCard.Runtime.Streams;

/// <summary>Builds commands with <c>@name</c> parameters on an <see cref="IProjectionDatabase"/> connection.</summary>
public static class ProjectionSql
{
    /// <summary>A command of <paramref name="sql"/> in <paramref name="transaction"/> (may be null) with the given parameters.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) Add(command, name, value);
        return command;
    }

    /// <summary>Adds the parameter <c>@<paramref name="name"/></c>; null becomes a database NULL.</summary>
    public static void Add(DbCommand command, string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    // Well under PostgreSQL's 65,535 and SQLite's 32,766 parameters per statement.
    private const int MaxParameters = 30_000;

    /// <summary>
    /// Runs <c>prefix VALUES (…), (…) suffix</c> with one parameter per value, in as few statements as the
    /// providers' parameter limits allow (one, for batches of a few thousand values). Nothing when there are no rows.
    /// </summary>
    public static async Task ExecuteValuesAsync(
        DbConnection connection, DbTransaction? transaction, string prefix, IReadOnlyList<object?[]> rows, string suffix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var chunk in ValueChunks(rows))
        {
            await using var command = ValuesCommand(connection, transaction, prefix, chunk, suffix);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The rows cut into chunks that fit one <see cref="ValuesCommand"/> each.</summary>
    public static IEnumerable<IReadOnlyList<object?[]>> ValueChunks(IReadOnlyList<object?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return [];
        return rows.Chunk(Math.Max(1, MaxParameters / Math.Max(1, rows[0].Length)));
    }

    /// <summary>The command <c>prefix VALUES (@p0, @p1, …), (…) suffix</c> for <paramref name="rows"/> (one chunk).</summary>
    public static DbCommand ValuesCommand(DbConnection connection, DbTransaction? transaction, string prefix, IReadOnlyList<object?[]> rows, string suffix)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var command = Command(connection, transaction, "");
        var sql = new System.Text.StringBuilder(prefix).Append(" VALUES ");
        var n = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < rows[r].Length; c++, n++)
            {
                var name = "p" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                sql.Append(c > 0 ? ", @" : "@").Append(name);
                Add(command, name, rows[r][c]);
            }
            sql.Append(')');
        }
        command.CommandText = sql.Append(' ').Append(suffix).ToString();
        return command;
    }
}
