using System.Diagnostics.CodeAnalysis;
using MemberCard.Runtime.Storage;
using MemberCard.Server.Hosting;
using StoredGrain = MemberCard.Runtime.GrainId;

namespace MemberCard.Deploy.Tests;

/// <summary>A silo whose membership status the test sets.</summary>
internal sealed class FakeSiloStatus : ISiloStatusOracle
{
    public SiloStatus CurrentStatus { get; set; } = SiloStatus.Active;

    public string SiloName => "silo-under-test";

    public SiloAddress SiloAddress { get; } = SiloAddress.FromParsableString("127.0.0.1:11111@1");

    public SiloAddress[] GetActiveSilos() => throw new NotSupportedException();

    public SiloStatus GetApproximateSiloStatus(SiloAddress siloAddress) => throw new NotSupportedException();

    public Dictionary<SiloAddress, SiloStatus> GetApproximateSiloStatuses(bool onlyActive = false) => throw new NotSupportedException();

    public bool TryGetSiloName(SiloAddress siloAddress, [NotNullWhen(true)] out string? siloName) => throw new NotSupportedException();

    public bool IsFunctionalDirectory(SiloAddress siloAddress) => throw new NotSupportedException();

    public bool IsDeadSilo(SiloAddress silo) => throw new NotSupportedException();

    public bool SubscribeToSiloStatusEvents(ISiloStatusListener observer) => throw new NotSupportedException();

    public bool UnSubscribeFromSiloStatusEvents(ISiloStatusListener observer) => throw new NotSupportedException();
}

/// <summary>Storage whose ping succeeds or fails as the test says, and counts its calls; nothing else is used.</summary>
internal sealed class FakeStorage : IGrainStorage
{
    public Exception? PingFailure { get; set; }

    public int Pings { get; private set; }

    public Task PingAsync(CancellationToken cancellationToken = default)
    {
        Pings++;
        return PingFailure is null ? Task.CompletedTask : Task.FromException(PingFailure);
    }

    public Task<StoredState?> ReadStateAsync(StoredGrain grain, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(StoredGrain grain, JournalQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<LogEntry>> ReadLogAsync(string log, LogQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<StoredClaim?> ReadClaimAsync(ClaimKey key, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

/// <summary>A schema with the missing migrations the test names, or one that cannot be read.</summary>
internal sealed class FakeSchema : ISchemaStatus
{
    public IReadOnlyList<int> Missing { get; set; } = [];

    public Exception? Failure { get; set; }

    public Task<IReadOnlyList<int>> MissingMigrationsAsync(CancellationToken cancellationToken) =>
        Failure is null ? Task.FromResult(Missing) : Task.FromException<IReadOnlyList<int>>(Failure);
}
