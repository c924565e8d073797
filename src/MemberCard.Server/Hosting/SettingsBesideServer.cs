using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace MemberCard.Server.Hosting;

/// <summary>
/// A server reads the appsettings.json that ships beside its binary wherever it is started from. ASP.NET Core looks
/// for appsettings files in the content root, which is the working directory: a silo started from the repository
/// root (as docs/cluster.md does) would otherwise run on built-in defaults without a word. The file's place in the
/// configuration order is kept, so environment variables and the command line still override it.
/// </summary>
internal static class SettingsBesideServer
{
    public static void Apply(ConfigurationManager configuration, string contentRoot, string serverDirectory)
    {
        var sources = configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is not JsonConfigurationSource { Path: { } path } json || !IsSettingsFile(path)) continue;
            if (File.Exists(Path.Combine(contentRoot, path)) || !File.Exists(Path.Combine(serverDirectory, path))) continue;
            // Replacing the source (not changing it) makes the configuration reload it from the new place.
            sources[i] = new JsonConfigurationSource
            {
                Path = path,
                Optional = json.Optional,
                ReloadOnChange = json.ReloadOnChange,
                FileProvider = new PhysicalFileProvider(serverDirectory),
            };
        }
    }

    private static bool IsSettingsFile(string path) =>
        path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        && !path.Contains('/') && !path.Contains('\\');
}
