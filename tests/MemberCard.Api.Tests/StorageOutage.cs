using System.Data.Common;
using MemberCard.Runtime;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Api.Tests;

/// <summary>
/// A switch that makes the application's grain storage fail like an unreachable database. Off while the
/// application starts (migrations and the bootstrap key need storage), turned on by the test.
/// </summary>
public sealed class StorageOutage
{
    private volatile bool _active;

    /// <summary>Whether storage calls fail now.</summary>
    public bool IsActive => _active;

    /// <summary>From now on every storage call fails.</summary>
    public void Begin() => _active = true;

    /// <summary>Storage works again.</summary>
    public void End() => _active = false;

    /// <summary>Wraps the registered <see cref="IGrainStorage"/> (whichever provider) in one that obeys this switch.</summary>
    public void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IGrainStorage));
        services.Remove(original);
        services.AddSingleton<IGrainStorage>(sp => new SwitchedGrainStorage(Resolve(original, sp), this));
    }

    private static IGrainStorage Resolve(ServiceDescriptor descriptor, IServiceProvider services) =>
        (IGrainStorage)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    private sealed class SwitchedGrainStorage(IGrainStorage inner, StorageOutage outage) : IGrainStorage
    {
        public Task<StoredState?> ReadStateAsync(GrainId grain, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return inner.ReadStateAsync(grain, cancellationToken);
        }

        public Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return inner.WriteAsync(write, cancellationToken);
        }

        public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(GrainId grain, JournalQuery query, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return inner.ReadJournalAsync(grain, query, cancellationToken);
        }

        public Task<IReadOnlyList<LogEntry>> ReadLogAsync(string log, LogQuery query, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return inner.ReadLogAsync(log, query, cancellationToken);
        }

        public Task<StoredClaim?> ReadClaimAsync(ClaimKey key, CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return inner.ReadClaimAsync(key, cancellationToken);
        }

        public Task PingAsync(CancellationToken cancellationToken = default)
        {
            ThrowIfDown();
            return inner.PingAsync(cancellationToken);
        }

        private void ThrowIfDown()
        {
            if (outage.IsActive) throw new DatabaseUnreachableException();
        }
    }

    /// <summary>What a provider's driver throws when the server cannot be reached.</summary>
    private sealed class DatabaseUnreachableException() : DbException("Connection refused (simulated outage).");
}
