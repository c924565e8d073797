namespace MemberCard.Runtime.Reminders;

/// <summary>Reminders in process memory, with the same compare-and-swap as the SQL table; for tests.</summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId, string), ReminderEntry> _rows = [];

    /// <inheritdoc />
    public Task UpsertAsync(GrainId grain, string name, DateTimeOffset firstDue, TimeSpan period, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var etag = _rows.TryGetValue((grain, name), out var old) ? old.ETag + 1 : 1;
            _rows[(grain, name)] = new ReminderEntry(grain, name, firstDue, period, firstDue, etag);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(GrainId grain, string name, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_rows.Remove((grain, name)));
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadAsync(GrainId grain, string name, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_rows.GetValueOrDefault((grain, name)));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<ReminderEntry>>([.. _rows.Values.Where(r => r.NextDue <= now).OrderBy(r => r.NextDue).Take(limit)]);
    }

    /// <inheritdoc />
    public Task<bool> TryAdvanceAsync(ReminderEntry entry, DateTimeOffset nextDue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (!_rows.TryGetValue((entry.Grain, entry.Name), out var row) || row.ETag != entry.ETag) return Task.FromResult(false);
            _rows[(entry.Grain, entry.Name)] = row with { NextDue = nextDue, ETag = row.ETag + 1 };
            return Task.FromResult(true);
        }
    }
}
