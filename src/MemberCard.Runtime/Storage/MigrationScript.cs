using System.Globalization;
using System.Reflection;

namespace MemberCard.Runtime.Storage;

/// <summary>
/// One versioned schema script, embedded from <c>Migrations/NNNN_name.sql</c>. Scripts are applied in
/// version order and never edited once released; a schema change is a new script.
/// </summary>
public sealed record MigrationScript(int Version, string Name, string Sql)
{
    private const string Folder = "Migrations/";

    /// <summary>The scripts embedded in a provider assembly, in version order; two with one version is an error.</summary>
    public static IReadOnlyList<MigrationScript> LoadEmbedded(Assembly assembly)
    {
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n))
            .OrderBy(s => s.Version)
            .ToList();
        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two migration scripts share version {duplicate.Key}: {string.Join(", ", duplicate.Select(s => s.Name))}.");
        return scripts;
    }

    private static MigrationScript Load(Assembly assembly, string resourceName)
    {
        var fileName = Path.GetFileNameWithoutExtension(resourceName[Folder.Length..]);
        var separator = fileName.IndexOf('_');
        if (separator <= 0 || !int.TryParse(fileName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            throw new InvalidOperationException($"Migration script '{resourceName}' is not named NNNN_name.sql.");
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return new MigrationScript(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}
