using MemberCard.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace MemberCard.Deploy.Tests;

/// <summary>Cluster:Kubernetes=true adds Orleans' Kubernetes hosting, and only on a cluster other pods can reach.</summary>
public sealed class KubernetesHostingTests
{
    private static readonly Dictionary<string, string?> Pod = new()
    {
        ["Cluster:Kubernetes"] = "true",
        ["Cluster:ClusterId"] = "membercard",
        ["Cluster:ListenAddress"] = "0.0.0.0",
        ["Cluster:AdvertisedHost"] = "10.1.2.3",
    };

    [Fact]
    public void WithoutTheSettingNothingOfKubernetesIsAdded()
    {
        var silo = Silo(new Dictionary<string, string?> { ["Cluster:ClusterId"] = "membercard" });
        KubernetesHosting.UseIfEnabled(silo, silo.Configuration);
        Assert.Empty(silo.Services);
    }

    [Fact]
    public void WithTheSettingTheClusterAgentRunsInTheSiloAndNamesItAfterThePod()
    {
        var silo = Silo(Pod);
        KubernetesHosting.UseIfEnabled(silo, silo.Configuration);

        Assert.Contains(silo.Services, d => d.ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>) && d.ImplementationType == typeof(KubernetesClusterAgent));
        Assert.Contains(silo.Services, d => d.ServiceType == typeof(IConfigureOptions<SiloOptions>) && d.ImplementationType?.Namespace == typeof(KubernetesClusterAgent).Namespace);
    }

    [Theory]
    [InlineData("Cluster:ClusterId", null, "Cluster:ClusterId")]
    [InlineData("Cluster:ListenAddress", "127.0.0.1", "loopback")]
    [InlineData("Cluster:AdvertisedHost", null, "Cluster:AdvertisedHost")]
    public void AHalfConfiguredPodIsRefusedWithTheSettingToFix(string setting, string? value, string message)
    {
        var silo = Silo(new Dictionary<string, string?>(Pod) { [setting] = value });
        var error = Assert.Throws<InvalidOperationException>(() => KubernetesHosting.UseIfEnabled(silo, silo.Configuration));
        Assert.Contains(message, error.Message);
        Assert.Empty(silo.Services);
    }

    private static FakeSiloBuilder Silo(IReadOnlyDictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    private sealed class FakeSiloBuilder(IConfiguration configuration) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = new ServiceCollection();

        public IConfiguration Configuration => configuration;
    }
}
