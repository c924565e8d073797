using System.Collections.Concurrent;
using GrainId = MemberCard.Runtime.GrainId;
using InconsistentStateException = MemberCard.Runtime.InconsistentStateException;
using MemberCard.Runtime.Storage;

namespace MemberCard.Storage.Orleans.Tests.State;

/// <summary>
/// Wraps a real storage provider to watch and disturb it: records the size of every committed group, can slow commits
/// down (so concurrent writes pile up into groups) and can refuse every write of chosen grains as stale.
/// </summary>
public sealed class RecordingStorage(IGrainStorage inner) : IGrainStorage, IStorageInitializer
{
    private readonly ConcurrentDictionary<GrainId, bool> _refused = new();

    public IGrainStorage Inner { get; } = inner;

    public ConcurrentQueue<int> GroupSizes { get; } = new();

    public TimeSpan CommitDelay { get; set; }

    public void RefuseEveryWriteOf(GrainId grain) => _refused[grain] = true;

    public Task<StoredState?> ReadStateAsync(GrainId grain, CancellationToken cancellationToken = default) =>
        Inner.ReadStateAsync(grain, cancellationToken);

    public async Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default)
    {
        GroupSizes.Enqueue(1);
        await Task.Delay(CommitDelay, cancellationToken);
        if (_refused.ContainsKey(write.Grain)) throw new InconsistentStateException(write.Grain, write.ExpectedVersion);
        return await Inner.WriteAsync(write, cancellationToken);
    }

    public async Task<IReadOnlyList<WriteOutcome>> WriteGroupAsync(IReadOnlyList<GrainWrite> writes, CancellationToken cancellationToken = default)
    {
        GroupSizes.Enqueue(writes.Count);
        await Task.Delay(CommitDelay, cancellationToken);
        if (writes.Any(w => _refused.ContainsKey(w.Grain)))
        {
            var outcomes = new WriteOutcome[writes.Count];
            for (var i = 0; i < writes.Count; i++)
                outcomes[i] = _refused.ContainsKey(writes[i].Grain)
                    ? WriteOutcome.Failed(new InconsistentStateException(writes[i].Grain, writes[i].ExpectedVersion))
                    : await WriteOutcome.OfAsync(() => Inner.WriteAsync(writes[i], cancellationToken));
            return outcomes;
        }
        return await Inner.WriteGroupAsync(writes, cancellationToken);
    }

    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(GrainId grain, JournalQuery query, CancellationToken cancellationToken = default) =>
        Inner.ReadJournalAsync(grain, query, cancellationToken);

    public Task<IReadOnlyList<LogEntry>> ReadLogAsync(string log, LogQuery query, CancellationToken cancellationToken = default) =>
        Inner.ReadLogAsync(log, query, cancellationToken);

    public Task<StoredClaim?> ReadClaimAsync(ClaimKey key, CancellationToken cancellationToken = default) =>
        Inner.ReadClaimAsync(key, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken = default) => Inner.PingAsync(cancellationToken);

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        Inner is IStorageInitializer initializer ? initializer.InitializeAsync(cancellationToken) : Task.CompletedTask;
}
