namespace MemberCard.Testing;

/// <summary>Scratch directories for SQLite databases, one per test, under the system temp directory.</summary>
public static class TestSqlite
{
    /// <summary>Creates an empty directory with a unique name and returns its path.</summary>
    public static string CreateDataDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "membercard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a directory made by <see cref="CreateDataDirectory"/>; best effort, temp space is reclaimed anyway.</summary>
    public static void DeleteDataDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held open (or already gone) must not fail the test that used it.
        }
    }
}
