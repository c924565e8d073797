using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace MemberCard.Deploy.Tests;

/// <summary>
/// The files of the repository's deploy/ folder, parsed: every YAML document as plain maps, lists and strings
/// (YAML merge keys resolved, as Docker Compose does), and the Dockerfile and HAProxy configuration as lines.
/// </summary>
public static class DeployFiles
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    /// <summary>The deploy/ folder of the repository the tests were built from.</summary>
    public static string Folder { get; } = FindFolder();

    /// <summary>A path below deploy/.</summary>
    public static string PathOf(string relative) => Path.Combine(Folder, relative);

    /// <summary>Every .yml and .yaml file below deploy/, except the generated secrets/ folder (not in the repository).</summary>
    public static IReadOnlyList<string> YamlFiles() =>
        [.. Directory.EnumerateFiles(Folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(Folder, f).StartsWith("secrets", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    /// <summary>The documents of one YAML file.</summary>
    public static IReadOnlyList<Node> Documents(string path) => Parse(File.ReadAllText(path));

    /// <summary>The one document of a YAML file.</summary>
    public static Node Document(string relative) => Assert.Single(Documents(PathOf(relative)));

    /// <summary>The documents of every file below deploy/k8s/, with the Kubernetes object kind and name.</summary>
    public static IReadOnlyList<Node> KubernetesObjects() =>
        [.. Directory.EnumerateFiles(PathOf("k8s"), "*.yaml").Order(StringComparer.Ordinal).SelectMany(Documents)];

    /// <summary>Parses YAML text into its documents.</summary>
    public static IReadOnlyList<Node> Parse(string text)
    {
        var parser = new MergingParser(new Parser(new StringReader(text)));
        parser.Consume<StreamStart>();
        var documents = new List<Node>();
        while (parser.Accept<DocumentStart>(out _)) documents.Add(new Node(Deserializer.Deserialize<object?>(parser)));
        return documents;
    }

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MemberCardOrleans.sln"))) return Path.Combine(directory.FullName, "deploy");
        }
        throw new InvalidOperationException($"No MemberCardOrleans.sln above {AppContext.BaseDirectory}.");
    }
}
