using Microsoft.Extensions.Options;

namespace MemberCard.Runtime.Reminders;

/// <summary>The default <see cref="IReminderRegistry"/>: validates and writes to the <see cref="IReminderTable"/>.</summary>
public sealed class ReminderRegistry(IReminderTable table, RemindableGrainTypes types, IOptions<ReminderOptions> options, TimeProvider clock) : IReminderRegistry
{
    /// <inheritdoc />
    public Task RegisterOrUpdateAsync(GrainId grain, string name, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (period < options.Value.MinimumPeriod)
            throw new ArgumentOutOfRangeException(nameof(period), period, $"A reminder period is at least {options.Value.MinimumPeriod}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (!types.Contains(grain.Type))
            throw new InvalidOperationException($"Grain type '{grain.Type}' is not registered as remindable (AddRemindable).");
        return table.UpsertAsync(grain, name, clock.GetUtcNow() + dueTime, period, cancellationToken);
    }

    /// <inheritdoc />
    public Task UnregisterAsync(GrainId grain, string name, CancellationToken cancellationToken = default) =>
        table.DeleteAsync(grain, name, cancellationToken);

    /// <inheritdoc />
    public Task<ReminderEntry?> GetAsync(GrainId grain, string name, CancellationToken cancellationToken = default) =>
        table.ReadAsync(grain, name, cancellationToken);
}
