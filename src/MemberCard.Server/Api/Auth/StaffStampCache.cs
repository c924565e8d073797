using System.Collections.Concurrent;
using MemberCard.Abstractions.Access;
using Microsoft.Extensions.Options;

namespace MemberCard.Server.Api.Auth;

/// <summary>
/// Each silo's copy of the staff accounts' security stamps, which every bearer request is checked against
/// (docs/security.md, "Ending tokens"). A read younger than <see cref="StaffStampOptions.Ttl"/> answers without a grain
/// call; an older one is re-read, one read per account at a time however many requests wait for it. When the re-read
/// takes longer than <see cref="StaffStampOptions.RefreshWait"/> or fails (the directory's silo died), the last read
/// answers until it is <see cref="StaffStampOptions.MaxStale"/> old, and requests that come while that re-read is still
/// running answer from it at once; after MaxStale the request waits for the directory and fails with it. Only accounts named by validly signed tokens get here, so the cache holds at most one entry per account.
/// </summary>
internal sealed class StaffStampCache(IStaffStampReader reader, TimeProvider clock, IOptions<StaffStampOptions> options, ILogger<StaffStampCache> logger)
{
    private readonly StaffStampOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Read>> _reads = new(StringComparer.Ordinal);

    // Bumped by Forget: a read that started before it may have seen the old stamp, so it must not be kept.
    private long _generation;

    /// <summary>The account's stamp as this silo knows it, or null when the account does not exist.</summary>
    public async ValueTask<StaffStamp?> GetAsync(string username)
    {
        var now = clock.GetUtcNow();
        _entries.TryGetValue(username, out var last);
        if (last is not null && now - last.ReadAt < _options.Ttl) return last.Stamp;
        var read = ReadOnce(username);
        if (last is null || now - last.ReadAt >= _options.MaxStale) return await read.Task;
        if (read.Task.IsCompletedSuccessfully) return read.Task.Result;
        // Each re-read is waited for once: requests that come while it is already late fall back at once.
        var wait = _options.RefreshWait - (now - read.StartedAt);
        if (wait <= TimeSpan.Zero) return last.Stamp;
        try
        {
            return await read.Task.WaitAsync(wait, clock);
        }
        catch (Exception)
        {
            // The directory cannot have changed the account while it does not answer, except just before its silo died:
            // that change is missed for at most MaxStale. A failed read is logged where it fails.
            return last.Stamp;
        }
    }

    /// <summary>Drops this silo's copy of an account at once (the silo that made a change need not wait for the TTL).</summary>
    public void Forget(string username)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(username, out _);
        _reads.TryRemove(username, out _);
    }

    private Read ReadOnce(string username) =>
        _reads.GetOrAdd(username, u => new Lazy<Read>(() => new Read(clock.GetUtcNow(), ReadAndKeepAsync(u)))).Value;

    private async Task<StaffStamp?> ReadAndKeepAsync(string username)
    {
        try
        {
            var generation = Interlocked.Read(ref _generation);
            var readAt = clock.GetUtcNow();
            var stamp = await reader.ReadAsync(username);
            if (Interlocked.Read(ref _generation) == generation) _entries[username] = new Entry(stamp, readAt);
            return stamp;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not read the security stamp of staff account {Username}", username);
            throw;
        }
        finally
        {
            _reads.TryRemove(username, out _);
        }
    }

    private sealed record Entry(StaffStamp? Stamp, DateTimeOffset ReadAt);

    private sealed record Read(DateTimeOffset StartedAt, Task<StaffStamp?> Task);
}
