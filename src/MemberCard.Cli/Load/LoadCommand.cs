using System.CommandLine;
using System.CommandLine.Parsing;

namespace MemberCard.Cli.Load;

/// <summary><c>membercard load</c>: the options, their parsing and validation, and the hand-over to <see cref="LoadRunner"/>.</summary>
internal static class LoadCommand
{
    public static Command Create(IReadOnlyList<string> rawArgs)
    {
        var targets = new Option<string[]>("--target", "--url")
        {
            Description = "A server to drive: [name=]http://127.0.0.1:5080 (loopback only). Repeat to compare servers; rounds alternate between them.",
        };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = "X-Api-Key sent with every request (default: $MEMBERCARD_API_KEY).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MEMBERCARD_API_KEY"),
        };
        var clients = new Option<int>("--clients") { Description = "Simulated tills, each with one request in flight.", DefaultValueFactory = _ => 100 };
        var cards = new Option<int>("--cards") { Description = "Cards to seed per target (one member each).", DefaultValueFactory = _ => 1000 };
        var stores = new Option<int>("--stores") { Description = "Stores to seed; tills and members are spread over them.", DefaultValueFactory = _ => 1 };
        var storePrefix = new Option<string>("--store-prefix") { Description = "Store ids are PREFIX-01, PREFIX-02, ...", DefaultValueFactory = _ => "LOAD" };
        var duration = DurationOption("--duration", "Measured time per round, after the warm-up (e.g. 20s, 2m).", TimeSpan.FromSeconds(20));
        var warmup = DurationOption("--warmup", "Time per round whose requests are not counted.", TimeSpan.FromSeconds(3));
        var requests = new Option<long?>("--requests") { Description = "Stop a round after this many measured requests, if --duration has not passed first." };
        var rounds = new Option<int>("--rounds") { Description = "Rounds per target.", DefaultValueFactory = _ => 1 };
        var mix = new Option<OperationMix>("--mix")
        {
            Description = "Weights of the operations: lookup, topup, purchase, refund, and ping (the server's no-op GET /health/live,"
                + " where it has one; a target without it runs the rest of the mix, and the output says so).",
            CustomParser = ParseMix,
            DefaultValueFactory = _ => OperationMix.Default,
        };
        var json = new Option<string?>("--json") { Description = "Also write all results, parameters and the machine to this JSON file." };
        var seedOnly = new Option<bool>("--seed-only") { Description = "Only seed the stores, members and cards, and print the card count." };
        var seedParallelism = new Option<int>("--seed-parallelism") { Description = "Seeding requests in flight at once.", DefaultValueFactory = _ => 64 };
        var verifySample = new Option<int>("--verify-sample") { Description = "Cards whose ledger is checked after the last round (0: all).", DefaultValueFactory = _ => 50 };
        var timeout = DurationOption("--request-timeout", "A request without an answer after this long counts as a failure.", TimeSpan.FromSeconds(30));
        var hotCards = new Option<int?>("--hot-cards")
        {
            Description = "All tills send their requests to the same first N seeded cards (e.g. 1: every till on one card), to measure contention;"
                + " the verification then checks those cards.",
        };
        var burst = new Option<int?>("--burst")
        {
            Description = "Each round is one burst instead: N requests of the mix (e.g. --mix topup=1), each on its own card, released at once;"
                + " reports how many were acknowledged within --burst-deadline and the slowest. Needs --cards >= N; --clients, --duration and --warmup do not apply.",
        };
        var burstDeadline = DurationOption("--burst-deadline", "A burst's request is acknowledged in time when its 2xx answer came within this long of the release.",
            TimeSpan.FromSeconds(1));
        var database = new Option<DatabaseDurability>("--database")
        {
            HelpName = "durable|unsafe|unknown",
            Description = "How the servers' database keeps its writes, for the record: durable, unsafe (labels every table and the JSON"
                + $" '{DatabaseDurabilities.UnsafeLabel}') or unknown. scripts/bench.sh reads it back from its PostgreSQL and passes it.",
            DefaultValueFactory = _ => DatabaseDurability.Unknown,
            CustomParser = result =>
            {
                if (DatabaseDurabilities.TryParse(result.Tokens[0].Value, out var value)) return value;
                result.AddError($"--database: '{result.Tokens[0].Value}' is not durable, unsafe or unknown.");
                return default;
            },
        };
        var settle = DurationOption("--settle", "Before each round, wait at most this long for the machine to be 80% idle (0: do not wait).", TimeSpan.FromSeconds(60));

        var command = new Command("load", "Simulate concurrent tills against one or more MemberCard servers on this machine, and check the ledgers afterwards.")
        {
            targets, apiKey, clients, cards, stores, storePrefix, duration, warmup, requests, rounds, mix, hotCards, burst, burstDeadline, database,
            json, seedOnly, seedParallelism, verifySample, timeout, settle,
        };
        command.SetAction(async (result, _) =>
        {
            var parsedTargets = new List<LoadTarget>();
            var errors = new List<string>();
            foreach (var text in result.GetValue(targets) ?? [])
            {
                if (LoopbackTargets.TryParse(text, out var target, out var error)) parsedTargets.Add(target);
                else errors.Add(error);
            }
            var options = new LoadOptions
            {
                Targets = parsedTargets,
                ApiKey = result.GetValue(apiKey) ?? "",
                Clients = result.GetValue(clients),
                Cards = result.GetValue(cards),
                Stores = result.GetValue(stores),
                StorePrefix = result.GetValue(storePrefix) ?? "",
                Duration = result.GetValue(duration),
                Warmup = result.GetValue(warmup),
                Requests = result.GetValue(requests),
                Rounds = result.GetValue(rounds),
                Mix = result.GetValue(mix)!,
                JsonPath = result.GetValue(json),
                SeedOnly = result.GetValue(seedOnly),
                SeedParallelism = result.GetValue(seedParallelism),
                VerifySample = result.GetValue(verifySample),
                RequestTimeout = result.GetValue(timeout),
                Settle = result.GetValue(settle),
                HotCards = result.GetValue(hotCards),
                Burst = result.GetValue(burst),
                BurstDeadline = result.GetValue(burstDeadline),
                Database = result.GetValue(database),
            };
            // Target errors first: with a refused target the others' checks say little.
            errors.AddRange(errors.Count > 0 ? [] : options.Validate());
            if (errors.Count > 0)
            {
                foreach (var error in errors) await Console.Error.WriteLineAsync($"membercard load: {error}");
                return 2;
            }
            return await new LoadRunner(options, CommandLineText.Describe(rawArgs)).RunAsync();
        });
        return command;
    }

    private static Option<TimeSpan> DurationOption(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            if (DurationParser.TryParse(result.Tokens[0].Value, out var value)) return value;
            result.AddError($"{name}: '{result.Tokens[0].Value}' is not a duration such as 500ms, 20s, 2m or 00:01:30.");
            return default;
        },
    };

    private static OperationMix? ParseMix(ArgumentResult result)
    {
        if (OperationMix.TryParse(result.Tokens[0].Value, out var mix, out var error)) return mix;
        result.AddError($"--mix: {error}");
        return null;
    }
}
