using System.Net;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace MemberCard.Server.Hosting;

/// <summary>
/// <c>Cluster:Kubernetes=true</c>: Orleans' Kubernetes hosting (<c>Microsoft.Orleans.Hosting.Kubernetes</c>) on top of
/// the PostgreSQL cluster: the silo is named after its pod (<c>POD_NAME</c>), a silo whose pod was deleted is declared
/// dead at once instead of after the missed probes, and the pod carries the <c>orleans/serviceId</c> and
/// <c>orleans/clusterId</c> labels the agent selects pods by. Membership stays in PostgreSQL. The pod's address
/// (<c>POD_IP</c>) is what the other silos are told, unless <c>Cluster:AdvertisedHost</c> says otherwise
/// (deploy/k8s/silo.yaml).
/// </summary>
public static class KubernetesHosting
{
    /// <summary>The setting that switches it on.</summary>
    public const string Setting = "Cluster:Kubernetes";

    /// <summary>Whether the setting is on.</summary>
    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(Setting, false);

    /// <summary>Adds Kubernetes hosting when the setting is on; call after the cluster's endpoints are configured.</summary>
    public static void UseIfEnabled(ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!IsEnabled(configuration)) return;
        if (string.IsNullOrWhiteSpace(configuration["Cluster:ClusterId"]))
            throw new InvalidOperationException($"{Setting} is on but Cluster:ClusterId is empty; Kubernetes hosting needs the PostgreSQL cluster (docs/cluster.md).");
        var listen = IPAddress.Parse(configuration["Cluster:ListenAddress"] ?? "127.0.0.1");
        if (IPAddress.IsLoopback(listen))
            throw new InvalidOperationException($"{Setting} is on but Cluster:ListenAddress is loopback, so no other pod can reach this silo; set it to 0.0.0.0 (with the cluster certificate).");
        if (string.IsNullOrWhiteSpace(configuration["Cluster:AdvertisedHost"]))
        {
            var podIp = configuration[KubernetesHostingOptions.PodIPEnvironmentVariable];
            if (string.IsNullOrWhiteSpace(podIp))
                throw new InvalidOperationException($"{Setting} is on but neither Cluster:AdvertisedHost nor POD_IP is set: the other silos would not know this silo's address.");
            var advertised = IPAddress.Parse(podIp);
            // Registered after the cluster's own EndpointOptions, so it wins over the listen address advertised there.
            silo.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = advertised);
        }
        silo.UseKubernetesHosting();
    }
}
