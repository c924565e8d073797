using System.Collections.Concurrent;

namespace MemberCard.Grains.Shared;

/// <summary>How long a silo's copy of read-mostly state is used (section <c>Silo:SharedReads</c>).</summary>
public sealed class ReadMostlyOptions
{
    /// <summary>A copy younger than this is used without asking its grain.</summary>
    public TimeSpan Fresh { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A copy younger than this is still used while a refresh runs in the background; older ones wait for the grain.</summary>
    public TimeSpan MaxStale { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// One silo's copies of state that every request reads and few change (an API key, the current rule set), so a
/// request does not call the one activation that owns it each time, and a silo that dies with that activation does
/// not stall the others: a fresh copy (<see cref="ReadMostlyOptions.Fresh"/>) is used as it is; a stale one is used
/// while one background read per key refreshes it; only a missing or too old copy waits for the grain. A change made
/// on this silo is seen at once (<see cref="Set"/>, <see cref="Forget"/>); on other silos after at most Fresh plus
/// one read. Absent values (null) are not kept, so unknown keys cannot fill memory. Reads run off the caller's grain
/// context (they are not part of its call chain and outlive its turn safely).
/// </summary>
public sealed class ReadMostly<TKey, TValue>(TimeProvider clock, ReadMostlyOptions options)
    where TKey : notnull where TValue : class
{
    private sealed record Entry(TValue Value, long ReadAt);

    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly ConcurrentDictionary<TKey, Task<TValue?>> _reads = new();
    private long _changes;

    /// <summary>The value of <paramref name="key"/>, from this silo's copy when it is recent enough, else from <paramref name="read"/>.</summary>
    public ValueTask<TValue?> GetAsync(TKey key, Func<TKey, Task<TValue?>> read)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            var age = clock.GetElapsedTime(entry.ReadAt);
            if (age < options.Fresh) return ValueTask.FromResult<TValue?>(entry.Value);
            if (age < options.MaxStale)
            {
                Read(key, read).ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
                return ValueTask.FromResult<TValue?>(entry.Value);
            }
        }
        return new ValueTask<TValue?>(Read(key, read));
    }

    /// <summary>A value this silo just wrote: used from now on.</summary>
    public void Set(TKey key, TValue value)
    {
        Interlocked.Increment(ref _changes);
        _entries[key] = new Entry(value, clock.GetTimestamp());
    }

    /// <summary>Drops this silo's copy of <paramref name="key"/>: the next use reads it.</summary>
    public void Forget(TKey key)
    {
        Interlocked.Increment(ref _changes);
        _entries.TryRemove(key, out _);
    }

    /// <summary>Drops every copy.</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref _changes);
        _entries.Clear();
    }

    // One read per key at a time; a read that overlapped a local change does not overwrite it.
    private Task<TValue?> Read(TKey key, Func<TKey, Task<TValue?>> read)
    {
        var mine = new TaskCompletionSource<TValue?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _reads.GetOrAdd(key, mine.Task);
        if (running != mine.Task) return running;
        var changes = Interlocked.Read(ref _changes);
        var readAt = clock.GetTimestamp();
        _ = Task.Run(async () =>
        {
            try
            {
                var value = await read(key);
                if (Interlocked.Read(ref _changes) == changes)
                {
                    if (value is null) _entries.TryRemove(key, out _);
                    else _entries[key] = new Entry(value, readAt);
                }
                Done();
                mine.SetResult(value);
            }
            catch (Exception e)
            {
                Done();
                mine.SetException(e);
            }
        });
        // Before the answer is given, so a caller that got it and reads again starts a new read.
        void Done() => _reads.TryRemove(new KeyValuePair<TKey, Task<TValue?>>(key, mine.Task));
        return mine.Task;
    }
}
