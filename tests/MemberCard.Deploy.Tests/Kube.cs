namespace MemberCard.Deploy.Tests;

/// <summary>Look-ups on the Kubernetes objects of deploy/k8s/.</summary>
public sealed class Kube(IReadOnlyList<Node> objects)
{
    /// <summary>The manifests as committed.</summary>
    public static Kube Load() => new(DeployFiles.KubernetesObjects());

    /// <summary>Every object.</summary>
    public IReadOnlyList<Node> Objects => objects;

    /// <summary>Objects of one kind.</summary>
    public IReadOnlyList<Node> OfKind(string kind) => [.. objects.Where(o => o["kind"].TextOrNull == kind)];

    /// <summary>The one object of a kind and name.</summary>
    public Node Get(string kind, string name) => Assert.Single(OfKind(kind), o => o.At("metadata.name").Text == name);

    /// <summary>Objects with a pod template (Deployment, StatefulSet, Job).</summary>
    public IReadOnlyList<Node> Workloads => [.. objects.Where(o => !o.At("spec.template.spec").IsMissing)];

    /// <summary>The silos' Deployment (or StatefulSet).</summary>
    public Node Silos => Assert.Single(Workloads, w => w["kind"].Text is "Deployment" or "StatefulSet");

    /// <summary>A workload's pod template labels.</summary>
    public static IReadOnlyDictionary<string, string> PodLabels(Node workload) => workload.At("spec.template.metadata.labels").Strings;

    /// <summary>A workload's containers.</summary>
    public static IReadOnlyList<Node> Containers(Node workload) => workload.At("spec.template.spec.containers").Items;

    /// <summary>A container's environment variables by name.</summary>
    public static IReadOnlyDictionary<string, Node> Env(Node container) =>
        container["env"].Items.ToDictionary(e => e["name"].Text, e => e, StringComparer.Ordinal);

    /// <summary>Whether every label of <paramref name="selector"/> is on <paramref name="labels"/> with the same value.</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);
}
