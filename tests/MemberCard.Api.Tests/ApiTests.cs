using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Api.Tests;

/// <summary>
/// Base of every API test class whose bodies run against both storage providers: the bodies are
/// <c>[StorageFact]</c> methods of an abstract subclass, and one sealed class per provider only names the provider
/// (the PostgreSQL one marked <c>[RequiresPostgres]</c>). Every test starts an application of its own.
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
