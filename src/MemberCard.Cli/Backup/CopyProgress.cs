namespace MemberCard.Cli.Backup;

/// <summary>How far a backup or restore is: tables done of all (0 of 0 while unknown) and bytes written so far.</summary>
internal sealed record CopyProgress(string Stage, int TablesDone, int Tables, long BytesWritten, long? BytesTotal = null)
{
    /// <summary>The progress line: <c>copy: 412 / 1024 pages, 1.6 / 4.0 MiB</c> style.</summary>
    public string Describe()
    {
        var tables = Tables > 0 ? $", {TablesDone} / {Tables} tables" : "";
        var total = BytesTotal is { } t ? $" / {Mebibytes(t)}" : "";
        return $"{Stage}{tables}, {Mebibytes(BytesWritten)}{total} MiB written";
    }

    private static string Mebibytes(long bytes) => (bytes / 1048576.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}
