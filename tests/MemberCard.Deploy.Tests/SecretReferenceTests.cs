namespace MemberCard.Deploy.Tests;

/// <summary>Every secret a manifest or the compose file refers to is one deploy/secrets.sh makes, under that key.</summary>
public sealed class SecretReferenceTests(GeneratedSecrets secrets) : IClassFixture<GeneratedSecrets>
{
    private readonly Kube _kube = Kube.Load();

    [Fact]
    public void EverySecretKeyRefAndSecretVolumeExistsWithThatKey()
    {
        var generated = secrets.KubernetesSecrets();
        var references = 0;
        foreach (var container in _kube.Workloads.SelectMany(Kube.Containers))
        {
            foreach (var variable in container["env"].Items.Where(e => !e.At("valueFrom.secretKeyRef").IsMissing))
            {
                var reference = variable.At("valueFrom.secretKeyRef");
                Assert.True(generated.TryGetValue(reference["name"].Text, out var keys), $"no Secret {reference["name"]}");
                Assert.Contains(reference["key"].Text, keys);
                references++;
            }
        }
        foreach (var volume in _kube.Workloads.SelectMany(w => w.At("spec.template.spec.volumes").Items).Where(v => !v["secret"].IsMissing))
        {
            Assert.True(generated.TryGetValue(volume.At("secret.secretName").Text, out var keys), $"no Secret {volume.At("secret.secretName")}");
            foreach (var item in volume.At("secret.items").Items) Assert.Contains(item["key"].Text, keys);
            references++;
        }
        Assert.True(references >= 9, $"{references} references");
    }

    [Fact]
    public void ComposeAndKubernetesGiveTheSilosTheSameSecretSettings()
    {
        var compose = secrets.EnvFile("membercard.env").Keys.ToHashSet(StringComparer.Ordinal);
        var kubernetes = Kube.Env(Assert.Single(Kube.Containers(_kube.Silos))).Values
            .Where(e => !e.At("valueFrom.secretKeyRef").IsMissing).Select(e => e["name"].Text).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(compose.Order(), kubernetes.Order());
        // The keys every silo must share (docs/cluster.md), so neither deployment starts on development keys.
        foreach (var setting in new[] { "MEMBERCARD_BOOTSTRAP_API_KEY", "PhoneIndex__HashKey", "IdNumberIndex__HashKey", "Auth__Jwt__SigningKey", "PersonalData__CurrentKeyId", "Cluster__Certificate__Password" })
            Assert.Contains(setting, compose);
        var currentKey = secrets.EnvFile("membercard.env")["PersonalData__CurrentKeyId"];
        Assert.Equal(32, Convert.FromBase64String(secrets.EnvFile("membercard.env")[$"PersonalData__Keys__{currentKey}"]).Length);
    }

    [Fact]
    public void EveryFileTheComposeServicesReadIsOneTheScriptWrites()
    {
        var compose = DeployFiles.Document("compose.yml");
        var files = compose["services"].Entries.Values.SelectMany(s => s["env_file"].Items.Select(f => f.Text))
            .Concat(compose["secrets"].Entries.Values.Select(s => s["file"].Text))
            .Distinct().ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            Assert.StartsWith("./secrets/", file);
            Assert.True(File.Exists(Path.Combine(secrets.Directory, file["./secrets/".Length..])), file);
        }
        Assert.Equal(["secrets/"], File.ReadAllLines(DeployFiles.PathOf(".gitignore")));
    }

    [Fact]
    public void TheScriptRefusesToReplaceSecretsThatExist()
    {
        var before = File.ReadAllText(Path.Combine(secrets.Directory, "membercard.env"));
        var (exitCode, error) = GeneratedSecrets.RunScript(secrets.Directory);
        Assert.Equal(1, exitCode);
        Assert.Contains("already holds secrets", error);
        Assert.Equal(before, File.ReadAllText(Path.Combine(secrets.Directory, "membercard.env")));
    }
}
