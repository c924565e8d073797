using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Api.Tests;

/// <summary>
/// Base of the API test classes that can run on either storage provider: the bodies are <c>[StorageFact]</c> methods
/// of an abstract subclass, and one sealed class per provider only names the provider (the PostgreSQL one marked
/// <c>[RequiresPostgres]</c>). Where the storage shapes the behaviour (concurrency, idempotency, outages, restarts,
/// stored rules, what reaches the database, the mall's and activities' races) a class has both; where it does not
/// (validation, rules, roles, the shapes of answers) SQLite only, since the providers themselves are tested apart
/// (MemberCard.Storage.Tests) and the cluster tests run the POS contract on PostgreSQL. Every test starts an
/// application of its own.
/// </summary>
public abstract class ApiTests
{
    /// <summary>The provider the concrete class runs on.</summary>
    protected abstract StorageKind Storage { get; }

    /// <summary>Starts a fresh application on <see cref="Storage"/>.</summary>
    protected Task<MemberCardApplication> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        MemberCardApplication.StartAsync(Storage, settings, services);
}
