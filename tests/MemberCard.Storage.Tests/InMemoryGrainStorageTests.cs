using MemberCard.Runtime.Storage;

namespace MemberCard.Storage.Tests;

/// <summary>The in-memory reference provider against the shared contract.</summary>
public sealed class InMemoryGrainStorageTests : GrainStorageContractTests
{
    private readonly InMemoryGrainStorage _storage = new(TimeProvider.System);

    /// <inheritdoc />
    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(_storage);

    /// <inheritdoc />
    protected override Task<IReadOnlyList<OutboxRow>> ReadOutboxAsync() =>
        Task.FromResult<IReadOnlyList<OutboxRow>>(
            [.. _storage.Outbox.Select(e => new OutboxRow(e.Grain, e.Version, e.Index, e.Event.Kind, e.Event.Json))]);
}
