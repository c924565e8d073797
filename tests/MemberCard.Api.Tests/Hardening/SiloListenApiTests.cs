using Microsoft.AspNetCore.Mvc.Testing;

namespace MemberCard.Api.Tests.Hardening;

/// <summary>
/// A silo never offers plain-TCP silo traffic beyond loopback: listening on another address needs the cluster
/// certificate (TLS), and a missing certificate file is a start-up error, not a silent plain listener.
/// </summary>
public sealed class SiloListenApiTests
{
    private static InvalidOperationException StartWith(params (string Key, string Value)[] settings)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Storage:Provider", "postgres");
            // Never reached: the silo is refused while the host is built.
            builder.UseSetting("Storage:Postgres:ConnectionString", "Host=127.0.0.1;Port=1;Username=nobody");
            builder.UseSetting("Cluster:ClusterId", "refused");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        });
        return Assert.Throws<InvalidOperationException>(() => factory.CreateClient());
    }

    [Fact]
    public void ASiloListeningBeyondLoopbackWithoutACertificateRefusesToStart() =>
        Assert.Contains("Cluster:Certificate:Path", StartWith(("Cluster:ListenAddress", "0.0.0.0")).Message, StringComparison.Ordinal);

    [Fact]
    public void ACertificateFileThatDoesNotExistRefusesToStart() =>
        Assert.Contains("does not exist", StartWith(("Cluster:Certificate:Path", "/nonexistent/cluster.pfx")).Message, StringComparison.Ordinal);
}
