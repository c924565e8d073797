using MemberCard.Runtime;
using MemberCard.Runtime.Reminders;
using MemberCard.Runtime.Streams;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Grains.Engagement;

/// <summary>
/// Deletes claims whose expiry passed more than a day ago (idempotency keys: an expired claim is already ignored and
/// may be taken over; deleting it only reclaims space). Runs on a daily reminder registered at start.
/// </summary>
[GrainType("claimsweeper")]
public sealed class ClaimSweeperGrain(IProjectionDatabase database) : Grain, IClaimSweeperGrain
{
    /// <summary>The reminder's name.</summary>
    public const string SweepReminder = "sweep";

    /// <inheritdoc />
    public async Task ReceiveReminderAsync(string reminderName, TickStatus status)
    {
        var cutoff = Clock.GetUtcNow().AddDays(-1);
        await using var connection = await database.OpenAsync(SiloStopping);
        await using var command = Command(connection, null, "DELETE FROM claims WHERE expires_at IS NOT NULL AND expires_at < @cutoff",
            ("cutoff", database.Timestamp(cutoff)));
        await command.ExecuteNonQueryAsync(SiloStopping);
    }
}
