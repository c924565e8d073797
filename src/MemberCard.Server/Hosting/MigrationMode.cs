using MemberCard.Runtime.Storage;

namespace MemberCard.Server.Hosting;

/// <summary>
/// <c>Storage:MigrateOnly=true</c>: the server applies the storage provider's schema migrations and exits 0 without
/// starting the silo or the web server (the Kubernetes migration Job, deploy/k8s/migrate-job.yaml). Silos migrate at
/// start anyway, under the same lock, so the Job makes the schema change an explicit step before a rollout; it is not
/// required for the silos to start.
/// </summary>
public static class MigrationMode
{
    /// <summary>The setting that asks for it.</summary>
    public const string Setting = "Storage:MigrateOnly";

    /// <summary>When the setting is on: migrates, disposes <paramref name="app"/> and returns true (the caller exits).</summary>
    public static async Task<bool> RunIfAskedAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue(Setting, false)) return false;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrationMode).FullName!);
        foreach (var initializer in app.Services.GetServices<IStorageInitializer>())
        {
            logger.LogInformation("Applying the schema migrations of {Provider}", initializer.GetType().Name);
            await initializer.InitializeAsync();
        }
        logger.LogInformation("Schema migrations applied; exiting ({Setting})", Setting);
        await app.DisposeAsync();
        return true;
    }
}
