using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Scheduling;

namespace MemberCard.Runtime.Catalog;

/// <summary>
/// One activation: the grain instance and its mailbox. Work items run one at a time in the order they were
/// queued (non-reentrant turns). Once closed, the mailbox refuses new items; items already queued still run
/// before the deactivation turn, except when the activation is invalidated (stale state), where they are
/// handed back to their callers to re-route.
/// </summary>
internal sealed class ActivationData
{
    private static long _lastActivationId;
    private readonly Lock _lock = new();
    private readonly Queue<WorkItem> _queue = new();
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IDisposable> _timers = [];
    private bool _running;
    private int _readers;
    private bool _closed;
    private bool _invalid;
    private DateTimeOffset _lastUsed;

    public ActivationData(GrainId id, GrainTypeInfo type, GrainRuntime runtime)
    {
        Id = id;
        Type = type;
        Runtime = runtime;
        _lastUsed = runtime.TimeProvider.GetUtcNow();
        // Queued before the activation is published, so no call can overtake it.
        _queue.Enqueue(new ActivateWorkItem());
    }

    public GrainId Id { get; }

    /// <summary>Unique among this silo's activations; tells this activation's directory entry from an older one's.</summary>
    public long ActivationId { get; } = Interlocked.Increment(ref _lastActivationId);

    /// <summary>This activation's directory entry once registered (clustered silos only).</summary>
    public MemberCard.Runtime.GrainDirectory.DirectoryEntry? Registration { get; set; }

    public GrainTypeInfo Type { get; }

    public GrainRuntime Runtime { get; }

    public Grain? Instance { get; set; }

    /// <summary>Completes once the activation has left the catalog.</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>Queues a work item; false when the activation is closing and the caller must re-route.</summary>
    public bool TryEnqueue(WorkItem item)
    {
        lock (_lock)
        {
            if (_closed) return false;
            EnqueueLocked(item);
            return true;
        }
    }

    /// <summary>
    /// Runs a read-only call at once on the caller's thread when nothing can be writing: no turn running, none
    /// queued (so the read never overtakes an earlier call), the activation open. False: queue it instead.
    /// </summary>
    public bool TryRunReadOnly(WorkItem read)
    {
        lock (_lock)
        {
            if (_closed || _running || _queue.Count > 0) return false;
            _readers++;
        }
        var run = read.RunAsync(this);
        if (run.IsCompletedSuccessfully) EndRead();
        else _ = EndReadWhenDoneAsync(run);
        return true;
    }

    /// <summary>Closes the mailbox and queues the deactivation turn behind the calls already waiting.</summary>
    public bool TryClose(WorkItem deactivation)
    {
        lock (_lock)
        {
            if (_closed) return false;
            _closed = true;
            EnqueueLocked(deactivation);
            return true;
        }
    }

    /// <summary>Idle means nothing running or queued, and no use since <paramref name="cutoff"/>.</summary>
    public bool IsIdleSince(DateTimeOffset cutoff)
    {
        lock (_lock) return !_running && _readers == 0 && _queue.Count == 0 && !_closed && _lastUsed <= cutoff;
    }

    public void AddTimer(IDisposable timer)
    {
        lock (_lock) _timers.Add(timer);
    }

    public void RemoveTimer(IDisposable timer)
    {
        lock (_lock) _timers.Remove(timer);
    }

    public bool IsClosed
    {
        get { lock (_lock) return _closed; }
    }

    /// <summary>Activation failed: every queued call fails with the same cause.</summary>
    public void FailActivation(Exception cause) => Shutdown(DeactivationReason.ActivationFailed, cause);

    /// <summary>Takes the activation out of service at once; queued calls are handed back for re-routing.</summary>
    public void Invalidate(DeactivationReason reason) => Shutdown(reason, null);

    private void Shutdown(DeactivationReason reason, Exception? cause)
    {
        List<WorkItem> orphans;
        List<IDisposable> timers;
        lock (_lock)
        {
            if (_invalid) return;
            _invalid = true;
            _closed = true;
            orphans = [.. _queue];
            _queue.Clear();
            timers = [.. _timers];
            _timers.Clear();
        }
        foreach (var timer in timers) timer.Dispose();
        foreach (var item in orphans) item.Fail(cause ?? new ActivationClosedException(Id));
        Runtime.Catalog.Remove(this, reason);
        _deactivated.TrySetResult();
    }

    private void EnqueueLocked(WorkItem item)
    {
        _queue.Enqueue(item);
        // While reads run, the last of them starts the pump, so no turn overlaps a read.
        if (!_running && _readers == 0) StartPumpLocked();
    }

    private void StartPumpLocked()
    {
        _running = true;
        ThreadPool.UnsafeQueueUserWorkItem(static state => _ = ((ActivationData)state!).PumpAsync(), this);
    }

    private async Task EndReadWhenDoneAsync(Task run)
    {
        await run.ConfigureAwait(false);
        EndRead();
    }

    private void EndRead()
    {
        var now = Runtime.TimeProvider.GetUtcNow();
        lock (_lock)
        {
            _lastUsed = now;
            if (--_readers == 0 && !_running && _queue.Count > 0) StartPumpLocked();
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            WorkItem? item;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out item))
                {
                    _running = false;
                    return;
                }
            }
            await item.RunAsync(this).ConfigureAwait(false);
            if (item.KeepsAlive)
            {
                var now = Runtime.TimeProvider.GetUtcNow();
                lock (_lock) _lastUsed = now;
            }
        }
    }
}
