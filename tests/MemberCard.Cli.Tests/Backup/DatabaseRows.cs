using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace MemberCard.Cli.Tests.Backup;

/// <summary>
/// Every row of every table of a database as text, sorted, by table name: two databases with equal dumps hold the
/// same rows, so a restore that misses, adds or changes one row (or a column) compares unequal.
/// </summary>
internal static class DatabaseRows
{
    public const string SqliteTables = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
    public const string PostgresTables = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'";

    public static async Task<SortedDictionary<string, List<string>>> ReadAsync(DbConnection connection, string listTables)
    {
        var names = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = listTables;
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        }
        var tables = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{name}\"";
            await using var reader = await select.ExecuteReaderAsync();
            var columns = string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
            var rows = new List<string>();
            while (await reader.ReadAsync()) rows.Add(string.Join('\u001f', Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader.GetValue(i)))));
            rows.Sort(StringComparer.Ordinal);
            rows.Insert(0, "columns: " + columns);
            tables[name] = rows;
        }
        return tables;
    }

    /// <summary>Each card's principal, bonus and points from its stored state (grain_state, grain type <c>card</c>).</summary>
    public static async Task<SortedDictionary<string, (long Principal, long Bonus, long Points)>> CardBalancesAsync(DbConnection connection)
    {
        var cards = new SortedDictionary<string, (long, long, long)>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key, state FROM grain_state WHERE grain_type = 'card'";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            using var state = JsonDocument.Parse(reader.GetString(1));
            cards[reader.GetString(0)] = (Number(state.RootElement, "principal"), Number(state.RootElement, "bonus"), Number(state.RootElement, "points"));
        }
        return cards;
    }

    /// <summary>Ledger rows (grain_journal) per card.</summary>
    public static async Task<SortedDictionary<string, long>> LedgerRowsAsync(DbConnection connection)
    {
        var cards = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key, count(*) FROM grain_journal WHERE grain_type = 'card' GROUP BY grain_key";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) cards[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        return cards;
    }

    /// <summary>Each card's state version and ledger rows (version, principal, bonus and points deltas), oldest first.</summary>
    public static async Task<SortedDictionary<string, CardLedger>> CardLedgersAsync(DbConnection connection)
    {
        var cards = new SortedDictionary<string, CardLedger>(StringComparer.Ordinal);
        await using (var states = connection.CreateCommand())
        {
            states.CommandText = "SELECT grain_key, version FROM grain_state WHERE grain_type = 'card'";
            await using var reader = await states.ExecuteReaderAsync();
            while (await reader.ReadAsync()) cards[reader.GetString(0)] = new CardLedger(Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), []);
        }
        await using var journal = connection.CreateCommand();
        journal.CommandText = "SELECT grain_key, version, idx, payload FROM grain_journal WHERE grain_type = 'card' ORDER BY grain_key, version, idx";
        await using var rows = await journal.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            using var payload = JsonDocument.Parse(rows.GetString(3));
            var e = payload.RootElement;
            cards[rows.GetString(0)].Rows.Add((Convert.ToInt64(rows.GetValue(1), CultureInfo.InvariantCulture),
                Number(e, "principalDelta"), Number(e, "bonusDelta"), Number(e, "pointsDelta")));
        }
        return cards;
    }

    private static long Number(JsonElement state, string name) =>
        state.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.Number } p
            ? p.Value.GetInt64() : 0;

    private static string Text(object value) => value switch
    {
        DBNull => "<null>",
        byte[] bytes => Convert.ToBase64String(bytes),
        DateTime at => at.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>A card's state version and its ledger rows.</summary>
internal sealed record CardLedger(long Version, List<(long Version, long Principal, long Bonus, long Points)> Rows);
