using k8s;
using k8s.Models;

namespace MemberCard.Deploy.Tests;

/// <summary>
/// Every manifest loads as the Kubernetes API object its apiVersion and kind name, in the client library's strict mode
/// (a field the API does not have, or a value of the wrong type, fails): the nearest thing to a schema check without a
/// cluster (KubernetesClient, which Orleans' Kubernetes hosting brings).
/// </summary>
public sealed class KubernetesSchemaTests(GeneratedSecrets secrets) : IClassFixture<GeneratedSecrets>
{
    [Fact]
    public void EveryManifestIsAKubernetesObjectWithOnlyFieldsTheApiHas()
    {
        var files = Directory.EnumerateFiles(DeployFiles.PathOf("k8s"), "*.yaml").Append(Path.Combine(secrets.Directory, "k8s-secrets.yaml"));
        var kinds = new List<string>();
        foreach (var file in files)
        {
            var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true);
            Assert.NotEmpty(objects);
            foreach (var item in objects)
            {
                var typed = Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(item);
                Assert.False(string.IsNullOrEmpty(typed.Metadata.Name), file);
                kinds.Add(typed.Kind);
            }
        }
        Assert.Equal(
            ["Deployment", "HorizontalPodAutoscaler", "Job", "PodDisruptionBudget", "Role", "RoleBinding", "Secret", "Secret", "Service", "ServiceAccount"],
            kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AFieldTheApiDoesNotHaveIsCaught()
    {
        var manifest = File.ReadAllText(DeployFiles.PathOf("k8s/pdb.yaml")).Replace("maxUnavailable:", "maxUnavialable:", StringComparison.Ordinal);
        var error = Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(manifest, strict: true));
        Assert.Contains("maxUnavialable", error.Message);
    }
}
