namespace MemberCard.Cli.Load;

/// <summary>The command line as typed, for the record, with the API key blanked out.</summary>
internal static class CommandLineText
{
    public static string Describe(IReadOnlyList<string> args)
    {
        var parts = new List<string> { "membercard" };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--api-key=", StringComparison.Ordinal)) arg = "--api-key=***";
            else if (i > 0 && args[i - 1] == "--api-key") arg = "***";
            parts.Add(Quote(arg));
        }
        return string.Join(' ', parts);
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_=.,:/@%+".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";
}
