using Npgsql;
using NpgsqlTypes;

namespace MemberCard.Baseline;

/// <summary>Positional parameters and batch commands, typed so values are sent without boxing or type guessing.</summary>
public static class Sql
{
    public const string UniqueViolation = "23505";
    public const string ForeignKeyViolation = "23503";
    public const string DeadlockDetected = "40P01";

    public static NpgsqlBatchCommand Command(string text, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(text);
        foreach (var parameter in parameters) command.Parameters.Add(parameter);
        return command;
    }

    public static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    public static NpgsqlParameter<long> Int64(long value) => new() { TypedValue = value };

    public static NpgsqlParameter<Guid> Uuid(Guid value) => new() { TypedValue = value };

    public static NpgsqlParameter<DateTime> Time(DateTime utc) => new() { TypedValue = utc, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    public static NpgsqlParameter<string> Jsonb(string json) => new() { TypedValue = json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    public static NpgsqlParameter Date(DateOnly? value) => new() { Value = value is { } d ? d : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date };
}
