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
}
