using System.Diagnostics;
using System.Threading.Channels;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Telemetry;

namespace MemberCard.Runtime.Storage;

/// <summary>
/// Commits the writes of many grains in few database transactions (see docs/architecture.md, "Group commit").
/// A write waits in a queue; each committer loop takes everything queued (up to the group size) and commits it
/// as one group. No timer: a lone write goes at once, and the writes that arrive during a commit make the next
/// group. A caller's task completes only after the transaction holding its write committed.
/// </summary>
internal sealed class GroupCommitter : IAsyncDisposable
{
    private const string CommitSpan = "membercard.commit";

    private readonly IGrainStorage _storage;
    private readonly GroupCommitOptions _options;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>();
    private readonly Task[] _loops;

    public GroupCommitter(IGrainStorage storage, GroupCommitOptions options)
    {
        _storage = storage;
        _options = options;
        _loops = [.. Enumerable.Range(0, Math.Max(1, options.MaxConcurrentGroups)).Select(_ => Task.Run(CommitLoopAsync))];
    }

    public Task<long> WriteAsync(GrainWrite write)
    {
        var pending = new PendingWrite(write);
        if (!_queue.Writer.TryWrite(pending)) throw new StorageStoppedException("The silo has stopped writing.");
        return pending.Completion.Task;
    }

    /// <summary>Stops taking writes, commits what is queued, and waits for the loops to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    private async Task CommitLoopAsync()
    {
        var group = new List<PendingWrite>(_options.MaxGroupSize);
        var writes = new List<GrainWrite>(_options.MaxGroupSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < _options.MaxGroupSize && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
                writes.Add(pending.Write);
            }
            if (group.Count == 0) continue;
            await CommitAsync(group, writes).ConfigureAwait(false);
            group.Clear();
            writes.Clear();
        }
    }

    private async Task CommitAsync(List<PendingWrite> group, List<GrainWrite> writes)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = StartActivity(group);
        try
        {
            // Not cancellable: once a group is on its way, abandoning it would leave callers unsure of the outcome.
            var outcomes = group.Count == 1
                ? [await WriteOutcome.OfAsync(() => _storage.WriteAsync(writes[0], CancellationToken.None)).ConfigureAwait(false)]
                : await _storage.WriteGroupAsync(writes, CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < group.Count; i++)
            {
                if (outcomes[i].Error is { } error) group[i].Completion.TrySetException(error);
                else group[i].Completion.TrySetResult(outcomes[i].Version);
            }
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            foreach (var pending in group) pending.Completion.TrySetException(e);
        }
        MemberCardInstruments.CommitSize.Record(group.Count);
        MemberCardInstruments.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    // The commit span continues the trace of the group's first traced write (its SQL spans nest under it) and links the
    // other writes' spans.
    private static Activity? StartActivity(List<PendingWrite> group)
    {
        if (!MemberCardInstruments.ActivitySource.HasListeners()) return null;
        var parent = group.FindIndex(p => p.Parent != default);
        var activity = MemberCardInstruments.ActivitySource.StartActivity(
            CommitSpan, ActivityKind.Internal, parent < 0 ? default : group[parent].Parent);
        if (activity is null) return null;
        activity.SetTag("membercard.commit.size", group.Count);
        for (var i = parent + 1; i < group.Count; i++)
        {
            if (group[i].Parent != default) activity.AddLink(new ActivityLink(group[i].Parent));
        }
        return activity;
    }

    private sealed class PendingWrite(GrainWrite write)
    {
        public GrainWrite Write { get; } = write;

        // The writer's span (its grain call), read on the caller's side: the commit loop runs on no request's context.
        public ActivityContext Parent { get; } = Activity.Current?.Context ?? default;

        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
