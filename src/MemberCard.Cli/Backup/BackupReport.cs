namespace MemberCard.Cli.Backup;

/// <summary>What a copy holds: rows per table (SQLite), its size in bytes, and the time of its newest audit entry.</summary>
internal sealed record BackupReport(string Path, long Bytes, IReadOnlyList<(string Table, long Rows)> Tables, string? NewestAuditEntry = null);
