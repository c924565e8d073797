using System.CommandLine;

namespace MemberCard.Cli.Seed;

/// <summary><c>membercard seed-members</c>: bulk-loads members straight into PostgreSQL (for benchmarks).</summary>
internal static class SeedMembersCommand
{
    public static Command Create()
    {
        var postgres = new Option<string?>("--postgres")
        {
            Description = "PostgreSQL connection string (default: $MEMBERCARD_POSTGRES, then Storage__Postgres__ConnectionString).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MEMBERCARD_POSTGRES")
                ?? Environment.GetEnvironmentVariable("Storage__Postgres__ConnectionString"),
        };
        var count = new Option<int>("--count") { Description = "Members to create.", DefaultValueFactory = _ => 10_000 };
        var store = new Option<string>("--store") { Description = "Registering store of every member (create it through the API).", DefaultValueFactory = _ => "S001" };
        var phonePrefix = new Option<string>("--phone-prefix")
        {
            Description = "Phones are PREFIX followed by an 8-digit sequence number; pick a prefix no real member uses.",
            DefaultValueFactory = _ => "170",
        };
        var phoneStart = new Option<long>("--phone-start") { Description = "First sequence number (to add more members later).", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch") { Description = "Members per transaction.", DefaultValueFactory = _ => 50_000 };

        var command = new Command("seed-members",
            "Create N members fast with PostgreSQL binary COPY: member states, phone claims and the member directory, as registration writes them.")
        {
            postgres, count, store, phonePrefix, phoneStart, batch,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new MemberSeedOptions(
                result.GetValue(postgres) ?? "", result.GetValue(count), result.GetValue(store) ?? "", result.GetValue(phonePrefix) ?? "",
                result.GetValue(phoneStart), result.GetValue(batch));
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                foreach (var error in errors) await Console.Error.WriteLineAsync($"membercard seed-members: {error}");
                return 2;
            }
            var report = await MemberSeeder.RunAsync(options, Console.Out, cancellationToken);
            await Console.Out.WriteLineAsync(
                $"seeded {report.Members} members in {report.Elapsed.TotalSeconds:F1} s ({report.Members / Math.Max(report.Elapsed.TotalSeconds, 0.001):F0}/s)");
            return 0;
        });
        return command;
    }
}

/// <summary>What to seed.</summary>
internal sealed record MemberSeedOptions(string ConnectionString, int Count, string StoreId, string PhonePrefix, long PhoneStart, int BatchSize)
{
    /// <summary>Problems with the options, if any.</summary>
    public List<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString)) errors.Add("--postgres (or $MEMBERCARD_POSTGRES) is required.");
        if (Count < 1) errors.Add("--count must be at least 1.");
        if (BatchSize < 1) errors.Add("--batch must be at least 1.");
        if (string.IsNullOrWhiteSpace(StoreId)) errors.Add("--store is required.");
        if (PhonePrefix.Length is < 1 or > 11 || !PhonePrefix.All(char.IsAsciiDigit)) errors.Add("--phone-prefix is 1–11 digits.");
        if (PhoneStart < 0 || PhoneStart + Count > 100_000_000) errors.Add("--phone-start + --count must stay below 100000000 (8 digits).");
        return errors;
    }
}
