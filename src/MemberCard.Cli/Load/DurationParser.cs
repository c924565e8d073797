using System.Globalization;

namespace MemberCard.Cli.Load;

/// <summary>Reads durations the way people type them: <c>20s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c>, <c>15</c> (seconds) or <c>00:00:20</c>.</summary>
internal static class DurationParser
{
    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        text = text.Trim();
        if (text.Contains(':'))
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        var number = text;
        var scale = 1.0;
        // "ms" is checked before "s" and "m", so the longest suffix wins.
        foreach (var (suffix, seconds) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                number = text[..^suffix.Length];
                scale = seconds;
                break;
            }
        }
        duration = default;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return false;
        var total = value * scale;
        if (total > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
