namespace MemberCard.Cli.Backup;

/// <summary>A backup or restore that cannot go on; the message is the one line the operator reads.</summary>
internal sealed class BackupException(string message) : Exception(message);
