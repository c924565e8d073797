using MemberCard.Runtime;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Options;

namespace MemberCard.Storage.State;

/// <summary>
/// The silo's single way into the transactional storage: migrates the schema before grains take calls, commits
/// writes through the group committer (many grains' writes per transaction, none answered before its commit), and
/// drains the committer after the last activation deactivated on shutdown.
/// </summary>
public sealed class GrainStateWriter : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IEnumerable<IStorageInitializer> _initializers;
    private readonly GroupCommitOptions _options;
    private GroupCommitter? _committer;

    /// <summary>Creates the writer of one silo.</summary>
    public GrainStateWriter(
        IGrainStorage storage, GrainSerializer serializer, TimeProvider clock,
        IEnumerable<IStorageInitializer> initializers, IOptions<AtomicStateOptions> options)
    {
        Storage = storage;
        Serializer = serializer;
        Clock = clock;
        _initializers = initializers;
        _options = options.Value.GroupCommit;
        _committer = _options.Enabled ? new GroupCommitter(storage, _options) : null;
    }

    /// <summary>The transactional storage provider.</summary>
    public IGrainStorage Storage { get; }

    /// <summary>Serializes state, journal entries, events and claim values.</summary>
    public GrainSerializer Serializer { get; }

    /// <summary>The clock that stamps writes.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Commits one grain's write; completes after the transaction that holds it committed.</summary>
    public Task<long> WriteAsync(GrainWrite write) =>
        _committer is null ? Storage.WriteAsync(write) : _committer.WriteAsync(write);

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        // Storage services stop after grain deactivation (stages stop in reverse), so what grains write while
        // deactivating still commits before the committer drains.
        lifecycle.Subscribe(nameof(GrainStateWriter), ServiceLifecycleStage.RuntimeStorageServices, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var initializer in _initializers) await initializer.InitializeAsync(cancellationToken);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_committer is { } committer)
        {
            _committer = null;
            await committer.DisposeAsync();
        }
    }
}
