using MemberCard.Runtime.Storage;

namespace MemberCard.Storage.Tests;

/// <summary>The in-memory storage of unit tests against the shared contract, so fakes cannot drift from the providers.</summary>
public sealed class InMemoryGrainStorageTests : GrainStorageContractTests
{
    private InMemoryGrainStorage? _storage;

    /// <inheritdoc />
    protected override Task<IGrainStorage> CreateStorageAsync()
    {
        _storage = new InMemoryGrainStorage(TimeProvider.System);
        return Task.FromResult<IGrainStorage>(_storage);
    }

    /// <inheritdoc />
    protected override Task<IReadOnlyList<OutboxRow>> ReadOutboxAsync() =>
        Task.FromResult<IReadOnlyList<OutboxRow>>([.. _storage!.Outbox.Select(e => new OutboxRow(e.Grain, e.Version, e.Index, e.Event.Kind, e.Event.Json))]);
}
