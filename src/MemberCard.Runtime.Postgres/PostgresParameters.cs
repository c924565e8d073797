using Npgsql;
using NpgsqlTypes;

namespace MemberCard.Runtime.Postgres;

/// <summary>Typed positional parameters, so Npgsql never has to guess a PostgreSQL type.</summary>
internal static class PostgresParameters
{
    public static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    public static NpgsqlParameter<string> Jsonb(string json) => new() { TypedValue = json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    public static NpgsqlParameter<long> Int64(long value) => new() { TypedValue = value };

    public static NpgsqlParameter<int> Int32(int value) => new() { TypedValue = value };

    public static NpgsqlParameter<int[]> Int32Array(int[] values) => new() { TypedValue = values };

    public static NpgsqlParameter<string?[]> TextArray(IEnumerable<string?> values) =>
        new() { TypedValue = [.. values], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    // Npgsql refuses a DateTimeOffset with a non-zero offset for timestamptz; the instant is what counts.
    public static NpgsqlParameter Timestamp(DateTimeOffset? value) => new()
    {
        Value = value is { } v ? v.ToUniversalTime() : DBNull.Value,
        NpgsqlDbType = NpgsqlDbType.TimestampTz,
    };

    public static NpgsqlParameter<DateTime?[]> TimestampArray(IEnumerable<DateTimeOffset?> values) => new()
    {
        TypedValue = [.. values.Select(v => v?.UtcDateTime)],
        NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
    };
}
