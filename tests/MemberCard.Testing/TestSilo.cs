using MemberCard.Runtime;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MemberCard.Testing;

/// <summary>
/// One started silo in the test process, built from a service collection the test shapes.
/// In-memory storage and a manual clock unless the test configures others (replace the clock with Replace).
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private bool _stopped;

    private TestSilo(ServiceProvider services) => _services = services;

    /// <summary>The grain factory of the silo.</summary>
    public IGrainFactory Grains => _services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo itself.</summary>
    public Silo Silo => _services.GetRequiredService<Silo>();

    /// <summary>All services, for tests that need to look inside.</summary>
    public IServiceProvider Services => _services;

    /// <summary>Builds and starts a silo.</summary>
    public static async Task<TestSilo> StartAsync(Action<IServiceCollection> configure, Action<SiloOptions>? options = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        // Before AddMemberCardSilo, whose TryAdd would otherwise register the system clock.
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddMemberCardSilo(options);
        configure(services);
        services.TryAddSingleton<IGrainStorage>(sp => new InMemoryGrainStorage(sp.GetRequiredService<TimeProvider>()));
        var provider = services.BuildServiceProvider();
        var silo = new TestSilo(provider);
        await silo.Silo.StartAsync(CancellationToken.None);
        return silo;
    }

    /// <summary>Stops the silo the way the host would (deactivating every grain).</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await Silo.StopAsync(CancellationToken.None);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}
