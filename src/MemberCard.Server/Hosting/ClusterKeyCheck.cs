using System.Text.Json;
using MemberCard.Grains.Members;
using MemberCard.Grains.Privacy;
using MemberCard.Runtime;
using MemberCard.Server.Api.Auth;
using MemberCard.Runtime.Storage;
using StoredGrain = MemberCard.Runtime.GrainId;

namespace MemberCard.Server.Hosting;

/// <summary>
/// Keys every silo must share (the phone and ID-number indexes, the personal-data key ring, the token signing key) are compared at
/// start with the fingerprints the cluster keeps in its storage: the first silo records its own; a silo whose key
/// under the same setting differs refuses to start, naming the setting, instead of writing data the others cannot
/// read. A key in the wrong form is refused here too, with the expected form. Key ids only one side knows are fine
/// (a rotation adds a key id to the silos one after the other). Runs after the schema migration, before grains take
/// calls (docs/security.md, "Keys every silo shares").
/// </summary>
internal sealed class ClusterKeyCheck(
    IGrainStorage storage, PhoneIndex phones, IdNumberIndex idNumbers, PersonalDataCipher personalData, IConfiguration configuration, TimeProvider clock)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly StoredGrain Record = new("cluster-settings", "key-fingerprints");

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ClusterKeyCheck), ServiceLifecycleStage.RuntimeStorageServices + 1, CheckAsync);

    /// <summary>This silo's fingerprints by setting name; throws when a key is not in its expected form.</summary>
    public Dictionary<string, string> Local()
    {
        var local = new Dictionary<string, string>(personalData.Fingerprints(), StringComparer.Ordinal)
        {
            ["PhoneIndex:HashKey"] = phones.Fingerprint(),
            ["IdNumberIndex:HashKey"] = idNumbers.Fingerprint(),
        };
        if (configuration[JwtOptions.SigningKeySetting] is { Length: > 0 } signingKey)
            local[JwtOptions.SigningKeySetting] = KeyFingerprint.Of(JwtOptions.SigningKeyBytes(signingKey));
        return local;
    }

    /// <summary>Compares (and records the missing) fingerprints; throws on a key that differs from the cluster's.</summary>
    internal async Task CheckAsync(CancellationToken cancellationToken)
    {
        var local = Local();
        for (var attempt = 0; ; attempt++)
        {
            var stored = await storage.ReadStateAsync(Record, cancellationToken);
            var known = stored is null ? new Dictionary<string, string>(StringComparer.Ordinal)
                : JsonSerializer.Deserialize<Dictionary<string, string>>(stored.Json) ?? [];
            foreach (var (setting, fingerprint) in local)
            {
                if (known.TryGetValue(setting, out var theirs) && theirs != fingerprint)
                    throw new InvalidOperationException($"{setting} differs from the key the cluster's data was written with (fingerprint {fingerprint} here, " +
                        $"{theirs} in the cluster). Every silo must be started with the same {setting}; the fingerprints are kept in storage " +
                        $"(grain state {Record.Type}/{Record.Key}).");
            }
            var missing = local.Where(p => !known.ContainsKey(p.Key)).ToList();
            if (missing.Count == 0) return;
            foreach (var (setting, fingerprint) in missing) known[setting] = fingerprint;
            var json = JsonSerializer.Serialize(new SortedDictionary<string, string>(known, StringComparer.Ordinal));
            try
            {
                await storage.WriteAsync(new GrainWrite(Record, stored?.Version ?? 0, json, clock.GetUtcNow()), cancellationToken);
                return;
            }
            catch (InconsistentStateException) when (attempt < 5)
            {
                // Another silo recorded its fingerprints at the same moment: compare with those.
            }
        }
    }
}
