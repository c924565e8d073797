using System.Net;

namespace MemberCard.Server.Hosting;

/// <summary>
/// <c>Cluster:Kubernetes=true</c>: Orleans' Kubernetes hosting (<c>Microsoft.Orleans.Hosting.Kubernetes</c>) on top of
/// the PostgreSQL cluster: the silo is named after its pod (<c>POD_NAME</c>), a silo whose pod was deleted is declared
/// dead at once instead of after the missed probes, and the pod carries the <c>orleans/serviceId</c> and
/// <c>orleans/clusterId</c> labels the agent selects pods by. Membership stays in PostgreSQL; the silo listens on
/// <c>Cluster:ListenAddress</c> and advertises <c>Cluster:AdvertisedHost</c>, the pod's IP (deploy/k8s/silo.yaml).
/// </summary>
public static class KubernetesHosting
{
    /// <summary>The setting that switches it on.</summary>
    public const string Setting = "Cluster:Kubernetes";

    /// <summary>Whether the setting is on.</summary>
    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(Setting, false);

    /// <summary>Adds Kubernetes hosting when the setting is on; refuses a pod the other silos could not reach.</summary>
    public static void UseIfEnabled(ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!IsEnabled(configuration)) return;
        if (string.IsNullOrWhiteSpace(configuration["Cluster:ClusterId"]))
            throw new InvalidOperationException($"{Setting} is on but Cluster:ClusterId is empty; Kubernetes hosting needs the PostgreSQL cluster (docs/cluster.md).");
        var listen = IPAddress.Parse(configuration["Cluster:ListenAddress"] ?? "127.0.0.1");
        if (IPAddress.IsLoopback(listen))
            throw new InvalidOperationException($"{Setting} is on but Cluster:ListenAddress is loopback, so no other pod can reach this silo; set it to 0.0.0.0 (with the cluster certificate).");
        // Orleans refuses to advertise 0.0.0.0, and the cluster's endpoints are configured before this runs.
        if (string.IsNullOrWhiteSpace(configuration["Cluster:AdvertisedHost"]))
            throw new InvalidOperationException($"{Setting} is on but Cluster:AdvertisedHost is empty: set it to the pod's IP (fieldRef status.podIP, deploy/k8s/silo.yaml).");
        silo.UseKubernetesHosting();
    }
}
