using System.CommandLine;
using MemberCard.Cli.Load;

namespace MemberCard.Cli.LoginFlood;

/// <summary><c>membercard login-flood</c>: the options and the hand-over to <see cref="LoginFloodRunner"/>.</summary>
internal static class LoginFloodCommand
{
    public static Command Create()
    {
        var target = new Option<string>("--target", "--url")
        {
            Description = "The server: http://127.0.0.1:5080 (loopback only).",
            DefaultValueFactory = _ => "http://127.0.0.1:5080",
        };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = "The tills' X-Api-Key, also used to seed their cards (default: $MEMBERCARD_API_KEY).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MEMBERCARD_API_KEY"),
        };
        var logins = new Option<int>("--logins") { Description = "Failed log-ins kept in flight at once during the flood.", DefaultValueFactory = _ => 200 };
        var tills = new Option<int>("--tills") { Description = "Tills, each with one read or write in flight.", DefaultValueFactory = _ => 4 };
        var duration = Duration("--duration", "Measured time of each phase (quiet, then flood).", TimeSpan.FromSeconds(15));
        var warmup = Duration("--warmup", "Unmeasured time before each phase.", TimeSpan.FromSeconds(3));
        var target99 = Duration("--p99-target", "The tills' p99 during the flood must stay under this (exit 1 otherwise).", TimeSpan.FromMilliseconds(500));
        var command = new Command("login-flood",
            "Measure tills' reads and writes (by API key) quiet and then during a flood of failed staff log-ins, on this machine only.")
        {
            target, apiKey, logins, tills, duration, warmup, target99,
        };
        command.SetAction(async (result, _) =>
        {
            var errors = new List<string>();
            if (!LoopbackTargets.TryParse(result.GetValue(target) ?? "", out var parsed, out var error)) errors.Add(error);
            var key = result.GetValue(apiKey) ?? "";
            if (key.Length == 0) errors.Add("--api-key (or $MEMBERCARD_API_KEY) is required.");
            var options = new LoginFloodOptions(parsed, key, result.GetValue(logins), result.GetValue(tills), result.GetValue(duration),
                result.GetValue(warmup), result.GetValue(target99));
            if (options.Logins is < 1 or > 5000) errors.Add("--logins is 1–5000.");
            if (options.Tills is < 1 or > 200) errors.Add("--tills is 1–200.");
            if (options.Duration <= TimeSpan.Zero || options.Duration > TimeSpan.FromSeconds(60)) errors.Add("--duration is more than 0 and at most 60s.");
            if (errors.Count > 0)
            {
                foreach (var e in errors) await Console.Error.WriteLineAsync($"membercard login-flood: {e}");
                return 2;
            }
            return await new LoginFloodRunner(options).RunAsync();
        });
        return command;
    }

    private static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            if (DurationParser.TryParse(result.Tokens[0].Value, out var value)) return value;
            result.AddError($"{name}: '{result.Tokens[0].Value}' is not a duration such as 500ms, 20s or 1m.");
            return default;
        },
    };
}

/// <summary>Parameters of one login-flood run.</summary>
internal sealed record LoginFloodOptions(
    LoadTarget Target, string ApiKey, int Logins, int Tills, TimeSpan Duration, TimeSpan Warmup, TimeSpan P99Target);
