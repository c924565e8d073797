namespace MemberCard.Deploy.Tests;

/// <summary>deploy/haproxy/haproxy.cfg as sections of directive lines (comments dropped).</summary>
public sealed class HaproxyConfig
{
    private readonly List<(string Header, List<string[]> Lines)> _sections = [];

    private HaproxyConfig(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Split('#')[0];
            if (line.Trim().Length == 0) continue;
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!char.IsWhiteSpace(line[0])) _sections.Add((string.Join(' ', words), []));
            else _sections[^1].Lines.Add(words);
        }
    }

    /// <summary>The committed file.</summary>
    public static HaproxyConfig Load() => new(File.ReadAllLines(DeployFiles.PathOf("haproxy/haproxy.cfg")));

    /// <summary>The directive lines of the section with this header (<c>backend silos</c>).</summary>
    public IReadOnlyList<string[]> Section(string header) => Assert.Single(_sections, s => s.Header == header).Lines;

    /// <summary>The lines of a section starting with these words.</summary>
    public IReadOnlyList<string[]> Lines(string header, params string[] start) =>
        [.. Section(header).Where(l => l.Length >= start.Length && l.Take(start.Length).SequenceEqual(start))];

    /// <summary>The paths the health checks of every backend GET.</summary>
    public IReadOnlyList<string> CheckPaths() =>
        [.. _sections.Where(s => s.Header.StartsWith("backend ", StringComparison.Ordinal))
            .SelectMany(s => s.Lines.Where(l => l is ["http-check", "send", ..]))
            .Select(l => l[Array.IndexOf(l, "uri") + 1])];
}
