using Npgsql;

namespace MemberCard.Baseline;

/// <summary>Section <c>Baseline</c> of the configuration.</summary>
public sealed class BaselineOptions
{
    public const string Section = "Baseline";

    /// <summary>Npgsql connection string of the database the baseline keeps its tables in (schema <c>baseline</c>).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The one <c>X-Api-Key</c> the service accepts.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Reads the section; both values are required, so a misconfigured service stops at start instead of running open.</summary>
    public static BaselineOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<BaselineOptions>() ?? new BaselineOptions();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException($"{Section}:ConnectionString is required.");
        if (string.IsNullOrWhiteSpace(options.ApiKey))
            throw new InvalidOperationException($"{Section}:ApiKey is required.");
        return options;
    }

    /// <summary>The data source every request shares.</summary>
    public NpgsqlDataSource BuildDataSource()
    {
        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        // Every request repeats the same few statements: preparing them once per pooled connection saves the
        // server a parse and plan per statement. An explicit setting in the connection string wins.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0) builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        // No request leaves session state behind (no SET, temp tables, LISTEN or session locks; LockedCard ends its
        // transaction), so the reset Npgsql would otherwise run on every reuse of a pooled connection is wasted work.
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        // The baseline shares the product's database in a benchmark run; its own schema keeps the two apart.
        builder.ConnectionStringBuilder.SearchPath = Schema.Name;
        return builder.Build();
    }
}
