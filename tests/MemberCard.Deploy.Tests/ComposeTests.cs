using System.Text.Json;
using System.Text.RegularExpressions;

namespace MemberCard.Deploy.Tests;

/// <summary>The compose file, HAProxy, Prometheus and Grafana agree with each other, the image and the manifests.</summary>
public sealed partial class ComposeTests
{
    private readonly Node _compose = DeployFiles.Document("compose.yml");
    private readonly Kube _kube = Kube.Load();

    private IReadOnlyDictionary<string, Node> Services => _compose["services"].Entries;

    private IReadOnlyDictionary<string, Node> Silos =>
        Services.Where(s => s.Value["image"].TextOrNull == SiloImage).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);

    private string SiloImage => Assert.Single(Kube.Containers(_kube.Silos))["image"].Text;

    [Fact]
    public void ThreeSilosOnPostgresInOneClusterEachAdvertisingItsOwnAddress()
    {
        Assert.Equal(3, Silos.Count);
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, silo) in Silos)
        {
            var env = silo["environment"].Strings;
            Assert.Equal("postgres", env["Storage__Provider"]);
            Assert.Equal("membercard", env["Cluster__ClusterId"]);
            Assert.Equal("0.0.0.0", env["Cluster__ListenAddress"]);
            Assert.False(silo["build"].IsMissing, $"{name} builds the image");
            var address = silo.At("networks.cluster.ipv4_address").Text;
            Assert.Equal(address, env["Cluster__AdvertisedHost"]);
            Assert.True(addresses.Add(address), $"{name} shares {address}");
            Assert.StartsWith("/run/secrets/", env["Cluster__Certificate__Path"]);
            Assert.Contains(Path.GetFileName(env["Cluster__Certificate__Path"]), silo["secrets"].Items.Select(s => s.Text));
            Assert.Equal("db", silo.At("depends_on").Entries.Keys.Single());
        }
    }

    [Fact]
    public void ImageAndPortsAgreeBetweenDockerfileComposeAndKubernetes()
    {
        var dockerfile = File.ReadAllLines(DeployFiles.PathOf("Dockerfile"));
        var exposed = dockerfile.Where(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal))
            .SelectMany(l => l["EXPOSE ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        var container = Assert.Single(Kube.Containers(_kube.Silos));
        var ports = container["ports"].Items.ToDictionary(p => p["name"].Text, p => p["containerPort"].Text, StringComparer.Ordinal);
        Assert.Equal(exposed.Order(), ports.Values.Order());

        var kubeEnv = Kube.Env(container).Where(e => !e.Value["value"].IsMissing).ToDictionary(e => e.Key, e => e.Value["value"].Text, StringComparer.Ordinal);
        var expected = new Dictionary<string, string>
        {
            ["http"] = PortOf(kubeEnv["ASPNETCORE_URLS"]),
            ["silo"] = kubeEnv["Cluster__SiloPort"],
            ["gateway"] = kubeEnv["Cluster__GatewayPort"],
            ["metrics"] = kubeEnv["Metrics__Port"],
        };
        Assert.Equal(expected.OrderBy(p => p.Key), ports.OrderBy(p => p.Key));
        Assert.Equal(ports["metrics"], _kube.Silos.At("spec.template.metadata.annotations")["prometheus.io/port"].Text);
        Assert.Contains(dockerfile, l => l.Contains($"ASPNETCORE_URLS=http://0.0.0.0:{ports["http"]}", StringComparison.Ordinal));

        foreach (var (name, silo) in Silos)
        {
            var env = silo["environment"].Strings;
            Assert.Equal(ports["http"], PortOf(env["ASPNETCORE_URLS"]));
            Assert.Equal(ports["silo"], env["Cluster__SiloPort"]);
            Assert.Equal(ports["gateway"], env["Cluster__GatewayPort"]);
            Assert.Equal(ports["metrics"], env["Metrics__Port"]);
            Assert.True(silo["ports"].IsMissing, $"{name}: only the balancer is published");
        }
        foreach (var workload in _kube.Workloads) Assert.Equal(SiloImage, Assert.Single(Kube.Containers(workload))["image"].Text);
    }

    [Fact]
    public void HaproxySendsRestOnlyToSilosWhoseReadinessAnswers200()
    {
        var haproxy = HaproxyConfig.Load();
        var backend = "backend " + Assert.Single(haproxy.Lines("frontend rest", "default_backend"))[1];
        Assert.Single(haproxy.Lines(backend, "option", "httpchk"));
        Assert.Equal(["/health/ready"], haproxy.CheckPaths());
        Assert.Equal(["http-check", "send", "meth", "GET", "uri", "/health/ready"], Assert.Single(haproxy.Lines(backend, "http-check", "send")));
        Assert.Equal(["http-check", "expect", "status", "200"], Assert.Single(haproxy.Lines(backend, "http-check", "expect")));
        var checksByDefault = haproxy.Lines(backend, "default-server").Any(l => l.Contains("check"));
        var servers = haproxy.Lines(backend, "server");
        foreach (var server in servers) Assert.True(checksByDefault || server.Contains("check"), string.Join(' ', server));
        var rest = Assert.Single(Kube.Containers(_kube.Silos))["ports"].Items.Single(p => p["name"].Text == "http")["containerPort"].Text;
        Assert.Equal(Silos.Keys.Select(s => $"{s}:{rest}").Order(), servers.Select(s => s[2]).Order());

        var bind = Assert.Single(haproxy.Lines("frontend rest", "bind"))[1].TrimStart(':');
        var balancer = Services["balancer"];
        Assert.Contains(balancer["ports"].Items, p => p.Text.EndsWith(":" + bind, StringComparison.Ordinal));
        Assert.Contains(balancer["volumes"].Items, v => v.Text.StartsWith("./haproxy/haproxy.cfg:", StringComparison.Ordinal));
    }

    [Fact]
    public void PrometheusScrapesTheMetricsPortOfEverySilo()
    {
        var prometheus = DeployFiles.Document("prometheus/prometheus.yml");
        var job = Assert.Single(prometheus["scrape_configs"].Items);
        Assert.Equal("/metrics", job["metrics_path"].Text);
        var targets = job["static_configs"].Items.SelectMany(c => c["targets"].Items).Select(t => t.Text);
        var metrics = Silos.Values.Select(s => s["environment"].Strings["Metrics__Port"]).Distinct().Single();
        Assert.Equal(Silos.Keys.Select(s => $"{s}:{metrics}").Order(), targets.Order());
        Assert.Contains(Services["prometheus"]["volumes"].Items, v => v.Text.StartsWith("./prometheus/prometheus.yml:", StringComparison.Ordinal));
    }

    [Fact]
    public void GrafanaHasTheProvisionedDataSourceAndADashboardOnIt()
    {
        var source = Assert.Single(DeployFiles.Document("grafana/provisioning/datasources/prometheus.yml")["datasources"].Items);
        Assert.Equal("prometheus", source["type"].Text);
        var url = new Uri(source["url"].Text);
        Assert.True(Services.ContainsKey(url.Host), url.Host);
        Assert.Equal(9090, url.Port);

        var provider = Assert.Single(DeployFiles.Document("grafana/provisioning/dashboards/membercard.yml")["providers"].Items);
        var volumes = Services["grafana"]["volumes"].Items.Select(v => v.Text.Split(':')).ToList();
        Assert.Contains(volumes, v => v[0] == "./grafana/dashboards" && v[1] == provider.At("options.path").Text);
        Assert.Contains(volumes, v => v[0] == "./grafana/provisioning" && v[1] == "/etc/grafana/provisioning");

        using var dashboard = JsonDocument.Parse(File.ReadAllText(DeployFiles.PathOf("grafana/dashboards/membercard.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var expressions = new List<string>();
        foreach (var panel in panels)
        {
            Assert.Equal(source["uid"].Text, panel.GetProperty("datasource").GetProperty("uid").GetString());
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            foreach (var target in targets)
            {
                Assert.Equal(source["uid"].Text, target.GetProperty("datasource").GetProperty("uid").GetString());
                expressions.Add(target.GetProperty("expr").GetString()!);
            }
        }
        var metrics = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        // POS throughput and latency, commits, stream lag, silos, activations (deploy/README.md lists where each comes from).
        foreach (var metric in new[]
        {
            "membercard_pos_operations_total", "membercard_pos_duration_seconds_bucket", "membercard_commit_duration_seconds_count",
            "membercard_commit_duration_seconds_bucket", "membercard_commit_size_sum", "membercard_stream_lag", "up", "orleans_catalog_activations",
            "http_server_request_duration_seconds_bucket",
        })
            Assert.Contains(metric, metrics);
        Assert.Contains(expressions, e => e.Contains("up{job=\"" + Assert.Single(DeployFiles.Document("prometheus/prometheus.yml")["scrape_configs"].Items)["job_name"].Text + "\"}", StringComparison.Ordinal));
    }

    private static string PortOf(string url) => new Uri(url.Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\b(membercard|orleans|http)_[a-z_]+|\bup\b")]
    private static partial Regex MetricName();
}
