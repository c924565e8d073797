namespace MemberCard.Cli.Backup;

/// <summary>
/// Finds pg_dump and pg_restore as scripts/postgres.sh finds the server: a directory given by the operator, then
/// Debian's versioned directories (/usr/lib/postgresql/*/bin, newest first, since pg_dump must be at least as new as
/// the server it dumps), then PATH.
/// </summary>
internal static class PostgresTools
{
    public static string Find(string tool, string? directory)
    {
        var candidates = new List<string>();
        if (directory is { Length: > 0 }) candidates.Add(directory);
        else
        {
            if (Directory.Exists("/usr/lib/postgresql"))
            {
                candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => (Dir: Path.Combine(d, "bin"), Version: Version.TryParse(Path.GetFileName(d).Contains('.') ? Path.GetFileName(d) : Path.GetFileName(d) + ".0", out var v) ? v : new Version()))
                    .OrderByDescending(d => d.Version).Select(d => d.Dir));
            }
            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }
        foreach (var dir in candidates)
        {
            var path = Path.Combine(dir, tool);
            if (File.Exists(path)) return path;
        }
        throw new BackupException(directory is { Length: > 0 }
            ? $"{tool} is not in {directory}"
            : $"{tool} was not found in /usr/lib/postgresql/*/bin or on PATH; install the PostgreSQL client (Debian: apt-get install postgresql-client) or pass --pg-bin");
    }
}
