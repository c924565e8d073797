using MemberCard.Runtime.Streams;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Grains.Engagement;

/// <summary>
/// Deletes claims that expired more than a day ago (idempotency keys past their retention), once a day from a durable
/// reminder. One per cluster, key "chain".
/// </summary>
[GrainType("claimsweeper")]
public sealed class ClaimSweeperGrain(IProjectionDatabase database, TimeProvider clock) : Grain, IClaimSweeperGrain
{
    /// <summary>The reminder's name.</summary>
    public const string SweepReminder = "sweep";

    /// <summary>The one sweeper's key.</summary>
    public const string ChainKey = "chain";

    /// <inheritdoc />
    public async Task EnsureScheduledAsync()
    {
        if (!await this.HasReminderAsync(SweepReminder)) await this.SetReminderAsync(SweepReminder, TimeSpan.FromHours(1), TimeSpan.FromDays(1));
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var cutoff = clock.GetUtcNow().AddDays(-1);
        await using var connection = await database.OpenAsync();
        await using var command = Command(connection, null, "DELETE FROM claims WHERE expires_at IS NOT NULL AND expires_at < @cutoff",
            ("cutoff", database.Timestamp(cutoff)));
        await command.ExecuteNonQueryAsync();
    }
}
