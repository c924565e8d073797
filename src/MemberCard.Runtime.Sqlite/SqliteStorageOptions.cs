namespace MemberCard.Runtime.Sqlite;

/// <summary>Where the embedded SQLite grain storage keeps its database file.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>Directory of the database file, relative to the working directory unless rooted; created when missing.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Name of the database file inside <see cref="DataDirectory"/>.</summary>
    public string FileName { get; set; } = "membercard.db";

    /// <summary>Absolute path of the database file.</summary>
    public string FullPath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));
}
