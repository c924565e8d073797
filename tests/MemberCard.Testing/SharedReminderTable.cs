using System.Collections.Concurrent;
using System.Globalization;
using Orleans;
using Orleans.Runtime;

namespace MemberCard.Testing;

/// <summary>
/// An Orleans reminder table in this process's memory that outlives the clusters using it, as a database would: a
/// test that restarts its cluster (or kills a silo) hands the same table to each, and the reminders are still there.
/// Orleans' own in-memory table lives in a grain and dies with its silo.
/// </summary>
public sealed class SharedReminderTable : IReminderTable
{
    private readonly ConcurrentDictionary<(GrainId Grain, string Name), ReminderEntry> _rows = new();
    private long _etags;

    /// <summary>Every reminder registered now.</summary>
    public IReadOnlyList<ReminderEntry> All => [.. _rows.Values.Select(Copy)];

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Task.FromResult(new ReminderTableData(_rows.Values.Where(r => r.GrainId == grainId).Select(Copy)));

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        // Orleans' ring ranges are (begin, end]; begin >= end wraps around zero (begin == end is the whole ring).
        Task.FromResult(new ReminderTableData(_rows.Values.Where(r => InRange(r.GrainId.GetUniformHashCode(), begin, end)).Select(Copy)));

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        Task.FromResult(_rows.TryGetValue((grainId, reminderName), out var row) ? Copy(row) : null);

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var row = Copy(entry);
        row.ETag = Interlocked.Increment(ref _etags).ToString(CultureInfo.InvariantCulture);
        _rows[(entry.GrainId, entry.ReminderName)] = row;
        return Task.FromResult<string?>(row.ETag);
    }

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        Task.FromResult(_rows.TryGetValue((grainId, reminderName), out var row) && row.ETag == eTag
            && _rows.TryRemove(new KeyValuePair<(GrainId, string), ReminderEntry>((grainId, reminderName), row)));

    /// <inheritdoc />
    public Task TestOnlyClearTable()
    {
        _rows.Clear();
        return Task.CompletedTask;
    }

    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Copy(ReminderEntry row) => new()
    {
        GrainId = row.GrainId,
        ReminderName = row.ReminderName,
        StartAt = row.StartAt,
        Period = row.Period,
        ETag = row.ETag,
    };
}
