using Npgsql;

namespace MemberCard.Cli.Backup;

/// <summary>
/// The server's Npgsql connection string (<c>Storage:Postgres:ConnectionString</c>) as the libpq environment pg_dump and
/// pg_restore read (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, TLS and time-out settings), so the password
/// never appears on a command line, where any local user could read it in the process list.
/// </summary>
internal static class LibpqEnvironment
{
    public static Dictionary<string, string> From(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new BackupException($"the PostgreSQL connection string cannot be read: {e.Message}");
        }
        if (string.IsNullOrWhiteSpace(builder.Host)) throw new BackupException("the PostgreSQL connection string names no Host");
        var (hosts, ports) = SplitHosts(builder.Host, builder.Port);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PGHOST"] = hosts,
            ["PGPORT"] = ports,
            // Npgsql's default database is the user name; libpq's is too, but say it outright.
            ["PGDATABASE"] = builder.Database ?? builder.Username ?? "",
            // Messages in English, so the progress parser reads them whatever the machine's locale.
            ["LC_MESSAGES"] = "C",
        };
        if (builder.Username is { Length: > 0 } user) environment["PGUSER"] = user;
        if (builder.Password is { Length: > 0 } password) environment["PGPASSWORD"] = password;
        if (builder.Passfile is { Length: > 0 } passfile) environment["PGPASSFILE"] = passfile;
        if (builder.ApplicationName is { Length: > 0 } application) environment["PGAPPNAME"] = application;
        if (builder.Options is { Length: > 0 } options) environment["PGOPTIONS"] = options;
        if (builder.SslCertificate is { Length: > 0 } certificate) environment["PGSSLCERT"] = certificate;
        if (builder.SslKey is { Length: > 0 } key) environment["PGSSLKEY"] = key;
        if (builder.RootCertificate is { Length: > 0 } root) environment["PGSSLROOTCERT"] = root;
        environment["PGSSLMODE"] = builder.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        if (builder.Timeout > 0) environment["PGCONNECT_TIMEOUT"] = builder.Timeout.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return environment;
    }

    // Npgsql takes "h1:5433,h2" with one default Port; libpq wants PGHOST=h1,h2 and PGPORT=5433,5432.
    private static (string Hosts, string Ports) SplitHosts(string host, int defaultPort)
    {
        var hosts = new List<string>();
        var ports = new List<string>();
        foreach (var item in host.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, port) = item switch
            {
                ['[', ..] when item.IndexOf(']', StringComparison.Ordinal) is var end and > 0 =>
                    (item[1..end], item[(end + 1)..].TrimStart(':')),
                _ when item.Count(c => c == ':') == 1 => (item[..item.IndexOf(':', StringComparison.Ordinal)], item[(item.IndexOf(':', StringComparison.Ordinal) + 1)..]),
                _ => (item, ""),
            };
            hosts.Add(name);
            ports.Add(port.Length > 0 ? port : defaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return (string.Join(',', hosts), string.Join(',', ports));
    }
}
