using Orleans.Hosting.Kubernetes;

namespace MemberCard.Deploy.Tests;

/// <summary>What must hold between the Kubernetes manifests, without a cluster to apply them to.</summary>
public sealed class KubernetesManifestTests
{
    private readonly Kube _kube = Kube.Load();

    [Fact]
    public void EveryYamlFileUnderDeployParsesAndEveryManifestNamesItsKind()
    {
        var files = DeployFiles.YamlFiles();
        Assert.Contains(files, f => f.EndsWith("compose.yml", StringComparison.Ordinal));
        Assert.True(files.Count(f => f.Contains("/k8s/", StringComparison.Ordinal)) >= 6, string.Join(", ", files));
        foreach (var file in files) Assert.NotEmpty(DeployFiles.Documents(file));
        foreach (var manifest in _kube.Objects)
        {
            Assert.False(manifest["apiVersion"].IsMissing, manifest.ToString());
            Assert.False(manifest["kind"].IsMissing, manifest.ToString());
            Assert.False(manifest.At("metadata.name").IsMissing, manifest.ToString());
        }
        foreach (var kind in new[] { "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Job", "ServiceAccount", "Role", "RoleBinding" })
            Assert.NotEmpty(_kube.OfKind(kind));
    }

    [Fact]
    public void EveryWorkloadSelectorMatchesItsOwnPodTemplate()
    {
        foreach (var workload in _kube.Workloads.Where(w => w["kind"].Text is "Deployment" or "StatefulSet"))
            Assert.True(Kube.Matches(workload.At("spec.selector.matchLabels").Strings, Kube.PodLabels(workload)), workload.At("metadata.name").Text);
    }

    [Fact]
    public void ServicePdbAndAutoscalerSelectTheSilosAndNothingElse()
    {
        var silos = _kube.Silos;
        var others = _kube.Workloads.Where(w => w != silos).ToList();
        Assert.NotEmpty(others); // the migration Job: its pods must not get REST traffic nor count for the budget
        var selectors = _kube.OfKind("Service").Select(s => s["spec"]["selector"].Strings)
            .Concat(_kube.OfKind("PodDisruptionBudget").Select(p => p.At("spec.selector.matchLabels").Strings))
            .Append(silos.At("spec.selector.matchLabels").Strings)
            .ToList();
        foreach (var selector in selectors)
        {
            Assert.True(Kube.Matches(selector, Kube.PodLabels(silos)), string.Join(",", selector));
            foreach (var other in others) Assert.False(Kube.Matches(selector, Kube.PodLabels(other)), other.At("metadata.name").Text);
        }
        foreach (var hpa in _kube.OfKind("HorizontalPodAutoscaler"))
        {
            var target = hpa.At("spec.scaleTargetRef");
            Assert.Equal(silos["kind"].Text, target["kind"].Text);
            Assert.Equal(silos.At("metadata.name").Text, target["name"].Text);
            Assert.True(int.Parse(hpa.At("spec.minReplicas").Text) >= 2, "a single silo has no one to hand its grains to");
        }
    }

    [Fact]
    public void ServiceTargetsTheRestPortOfTheSilos()
    {
        var ports = Kube.Containers(_kube.Silos).SelectMany(c => c["ports"].Items).ToDictionary(p => p["name"].Text, p => p["containerPort"].Text);
        foreach (var port in _kube.OfKind("Service").SelectMany(s => s.At("spec.ports").Items))
            Assert.Equal("http", port["targetPort"].Text);
        Assert.True(ports.ContainsKey("http"));
    }

    [Fact]
    public void SilosCarryWhatOrleansKubernetesHostingReads()
    {
        var silos = _kube.Silos;
        var labels = Kube.PodLabels(silos);
        Assert.True(labels.ContainsKey(KubernetesHostingOptions.ServiceIdLabel));
        Assert.True(labels.ContainsKey(KubernetesHostingOptions.ClusterIdLabel));
        var env = Kube.Env(Assert.Single(Kube.Containers(silos)));
        Assert.Equal("metadata.name", FieldPath(env[KubernetesHostingOptions.PodNameEnvironmentVariable]));
        Assert.Equal("metadata.namespace", FieldPath(env[KubernetesHostingOptions.PodNamespaceEnvironmentVariable]));
        Assert.Equal("status.podIP", FieldPath(env[KubernetesHostingOptions.PodIPEnvironmentVariable]));
        // The silo's ClusterOptions come from the very labels the agent selects pods by.
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']", FieldPath(env["Cluster__ClusterId"]));
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']", FieldPath(env["Cluster__ServiceId"]));
        Assert.Equal("true", env["Cluster__Kubernetes"]["value"].Text);
        Assert.Equal("0.0.0.0", env["Cluster__ListenAddress"]["value"].Text);
        Assert.Equal("status.podIP", FieldPath(env["Cluster__AdvertisedHost"]));
        Assert.Equal("postgres", env["Storage__Provider"]["value"].Text);
    }

    [Fact]
    public void SilosServiceAccountMayGetListWatchAndPatchPodsOfItsNamespace()
    {
        var account = _kube.Silos.At("spec.template.spec.serviceAccountName").Text;
        _kube.Get("ServiceAccount", account);
        var binding = Assert.Single(_kube.OfKind("RoleBinding"), b => b["subjects"].Items.Any(s => s["kind"].Text == "ServiceAccount" && s["name"].Text == account));
        Assert.Equal("Role", binding.At("roleRef.kind").Text);
        var role = _kube.Get("Role", binding.At("roleRef.name").Text);
        var rule = Assert.Single(role["rules"].Items, r => r["resources"].Items.Any(x => x.Text == "pods"));
        Assert.Equal([""], rule["apiGroups"].Items.Select(g => g.Text));
        var verbs = rule["verbs"].Items.Select(v => v.Text).ToHashSet();
        foreach (var verb in new[] { "get", "list", "watch", "patch" }) Assert.Contains(verb, verbs);
    }

    [Fact]
    public void SilosHaveProbesResourcesAndTheCertificateMounted()
    {
        var container = Assert.Single(Kube.Containers(_kube.Silos));
        Assert.Equal("/health/ready", container.At("readinessProbe.httpGet.path").Text);
        Assert.Equal("/health/live", container.At("livenessProbe.httpGet.path").Text);
        foreach (var probe in new[] { "readinessProbe", "livenessProbe" }) Assert.Equal("http", container.At($"{probe}.httpGet.port").Text);
        foreach (var part in new[] { "requests.cpu", "requests.memory", "limits.cpu", "limits.memory" })
            Assert.False(container.At($"resources.{part}").IsMissing, part);
        var certificate = Kube.Env(container)["Cluster__Certificate__Path"]["value"].Text;
        var mount = Assert.Single(container["volumeMounts"].Items, m => certificate.StartsWith(m["mountPath"].Text + "/", StringComparison.Ordinal));
        var volume = Assert.Single(_kube.Silos.At("spec.template.spec.volumes").Items, v => v["name"].Text == mount["name"].Text);
        Assert.Contains(volume.At("secret.items").Items, i => i["path"].Text == Path.GetFileName(certificate));
    }

    [Fact]
    public void MigrationJobRunsTheServerInMigrateOnlyModeOnTheSilosDatabase()
    {
        var job = Assert.Single(_kube.OfKind("Job"));
        var container = Assert.Single(Kube.Containers(job));
        Assert.Contains($"--{Server.Hosting.MigrationMode.Setting}=true", container["args"].Items.Select(a => a.Text));
        var silo = Kube.Env(Assert.Single(Kube.Containers(_kube.Silos)));
        var env = Kube.Env(container);
        Assert.Equal(silo["Storage__Provider"]["value"].Text, env["Storage__Provider"]["value"].Text);
        Assert.Equal(SecretRef(silo["Storage__Postgres__ConnectionString"]), SecretRef(env["Storage__Postgres__ConnectionString"]));
        Assert.Equal(Assert.Single(Kube.Containers(_kube.Silos))["image"].Text, container["image"].Text);
    }

    private static string FieldPath(Node variable) => variable.At("valueFrom.fieldRef.fieldPath").Text;

    private static string SecretRef(Node variable) => $"{variable.At("valueFrom.secretKeyRef.name").Text}/{variable.At("valueFrom.secretKeyRef.key").Text}";
}
