using MemberCard.Server.Telemetry;

namespace MemberCard.Server.Hosting;

/// <summary>Process-wide defaults of the server.</summary>
public static class ServerDefaults
{
    /// <summary>Where the embedded default listens when neither --urls nor ASPNETCORE_URLS says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Reads the settings beside the server, listens on the default URL unless told otherwise, and adds health checks.</summary>
    public static WebApplicationBuilder AddServerDefaults(this WebApplicationBuilder builder)
    {
        SettingsBesideServer.Apply(builder.Configuration, builder.Environment.ContentRootPath, AppContext.BaseDirectory);
        // --urls and ASPNETCORE_URLS both land in the "urls" key; only when both are absent use the default.
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("silo-and-storage", tags: ["ready"]);
        builder.AddMemberCardTelemetry();
        return builder;
    }
}
