using System.Security.Cryptography;
using System.Text.Json;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Members;
using MemberCard.Grains.Privacy;
using MemberCard.Runtime.Storage;
using GrainId = MemberCard.Runtime.GrainId;
using MemberCard.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MemberCard.Grains.Tests.Members;

/// <summary>
/// Per-member data keys: the personal fields are stored only sealed under the member's own key, which is stored
/// wrapped by the master key in a claim of its own; erasure deletes that claim, rotation re-wraps it, and states
/// written before per-member keys are moved to one.
/// </summary>
public sealed class PersonalDataKeyTests
{
    private const string Phone = "13800138000";
    private const string Name = "Quartermaine Zebulon";
    private const string Email = "zebulon@example.test";
    private static readonly AuditActor Admin = new("key-1", Roles.Admin, null, "member.test", "trace");
    private static readonly string OldMaster = Convert.ToBase64String(SHA256.HashData("old-master"u8));
    private static readonly string NewMaster = Convert.ToBase64String(SHA256.HashData("new-master"u8));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryGrainStorage _storage;

    public PersonalDataKeyTests() => _storage = new InMemoryGrainStorage(_clock);

    [Fact]
    public async Task TheStateHoldsOnlyCiphertextAndTheKeyClaimOpensIt()
    {
        await using var cluster = await StartAsync("old");
        var view = await Member(cluster, "m1").RegisterAsync(new RegisterMember(Phone, Name, new DateOnly(1990, 5, 17), Email, null, Admin));
        Assert.Equal(("138****8000", Name, Email), (view.Phone, view.Name, view.Email));

        var json = await StateJsonAsync("m1");
        foreach (var clear in new[] { Phone, Name, Email, "1990-05-17", "****" }) Assert.DoesNotContain(clear, json);
        var state = JsonSerializer.Deserialize(json, GrainJsonContext.Default.MemberState)!;
        Assert.Equal((5, 17), (state.BirthMonth, state.BirthDayOfMonth));
        Assert.StartsWith("k1:", state.Personal);
        var profile = Open(Cipher("old"), state, await KeyClaimAsync(state.DataKey!));
        Assert.Equal(new PersonalProfile(Phone, Name, new DateOnly(1990, 5, 17), Email), profile);
        // Bound to its member: another member id does not open it.
        Assert.ThrowsAny<CryptographicException>(() => PersonalSealing.Open(Unwrap(Cipher("old"), state.DataKey!, "m1"), state.Personal!, "m2"));
        // And its key is bound to it too: unwrapped as another member's, it does not open.
        Assert.ThrowsAny<CryptographicException>(() => Unwrap(Cipher("old"), state.DataKey!, "m2"));
    }

    [Fact]
    public async Task ErasureDeletesTheKeySoTheCiphertextCapturedBeforeItNoLongerOpens()
    {
        await using var cluster = await StartAsync("old");
        await Member(cluster, "m1").RegisterAsync(new RegisterMember(Phone, Name, null, Email, null, Admin));
        await Member(cluster, "m1").UpdateProfileAsync(new UpdateProfile(null, "Renamed", null, null, Admin));
        var before = JsonSerializer.Deserialize(await StateJsonAsync("m1"), GrainJsonContext.Default.MemberState)!;
        Assert.Equal("Renamed", Open(Cipher("old"), before, await KeyClaimAsync(before.DataKey!)).Name);

        Assert.True(await Member(cluster, "m1").EraseAsync(Admin));

        Assert.Null(await _storage.ReadClaimAsync(new ClaimKey(PersonalSealing.KeyScope, before.DataKey!)));
        var after = JsonSerializer.Deserialize(await StateJsonAsync("m1"), GrainJsonContext.Default.MemberState)!;
        Assert.Equal((null, null, null, null, true), (after.Personal, after.DataKey, after.BirthMonth, after.PhoneClaim, after.Erased));
        Assert.Null(await Member(cluster, "m1").GetAsync());
        var export = await Member(cluster, "m1").ExportAsync(Admin);
        Assert.Equal((null, null, null, true), (export!.Phone, export.Name, export.Email, export.Erased));
    }

    [Fact]
    public async Task RotationRewrapsTheKeyInANewClaimAndTheProfileStillOpens()
    {
        string oldClaim;
        await using (var cluster = await StartAsync("old"))
        {
            await Member(cluster, "m1").RegisterAsync(new RegisterMember(Phone, Name, null, Email, null, Admin));
            oldClaim = State().DataKey!;
            Assert.False(await Member(cluster, "m1").ReencryptAsync());
        }
        await using (var rotated = await StartAsync("new"))
        {
            var personal = State().Personal;
            Assert.True(await Member(rotated, "m1").ReencryptAsync());
            Assert.False(await Member(rotated, "m1").ReencryptAsync());

            var state = State();
            Assert.NotEqual(oldClaim, state.DataKey);
            Assert.Equal(personal, state.Personal);
            Assert.Null(await _storage.ReadClaimAsync(new ClaimKey(PersonalSealing.KeyScope, oldClaim)));
            Assert.Equal("new", PersonalDataCipher.KeyIdOf(await KeyClaimAsync(state.DataKey!)));
            Assert.Equal(Name, (await Member(rotated, "m1").GetAsync())!.Name);
        }
        // With only the new master key configured, a fresh activation still reads the member.
        await using var newOnly = await StartAsync("new", keepOld: false);
        Assert.Equal(Email, (await Member(newOnly, "m1").GetAsync())!.Email);
    }

    [Fact]
    public async Task AStateFromBeforePerMemberKeysIsReadAndMovedToAKeyOfItsOwn()
    {
        var legacy = new MemberState(Cipher("old").Encrypt(Phone, "m1"), "138****8000", null, Name, new DateOnly(1990, 5, 17), Email, "standard",
            null, _clock.GetUtcNow(), []);
        await _storage.WriteAsync(new GrainWrite(new GrainId("member", "m1"), 0, JsonSerializer.Serialize(legacy, GrainJsonContext.Default.MemberState), _clock.GetUtcNow()));
        await using var cluster = await StartAsync("old");

        var view = await Member(cluster, "m1").GetAsync();
        Assert.Equal(("138****8000", Name, new DateOnly(1990, 5, 17)), (view!.Phone, view.Name, view.Birthday));

        Assert.True(await Member(cluster, "m1").ReencryptAsync());

        var json = await StateJsonAsync("m1");
        foreach (var clear in new[] { Name, Email, "1990-05-17", "****", "phoneCipher" }) Assert.DoesNotContain(clear, json);
        var state = State();
        Assert.Equal(new PersonalProfile(Phone, Name, new DateOnly(1990, 5, 17), Email), Open(Cipher("old"), state, await KeyClaimAsync(state.DataKey!)));
        Assert.Equal(5, state.BirthMonth);
        Assert.False(await Member(cluster, "m1").ReencryptAsync());
    }

    private static IMemberGrain Member(DomainCluster cluster, string id) => cluster.Grains.GetGrain<IMemberGrain>(id);

    private MemberState State() =>
        JsonSerializer.Deserialize(_storage.ReadStateAsync(new GrainId("member", "m1")).Result!.Json, GrainJsonContext.Default.MemberState)!;

    private async Task<string> StateJsonAsync(string id) => (await _storage.ReadStateAsync(new GrainId("member", id)))!.Json;

    private async Task<string> KeyClaimAsync(string name) =>
        JsonSerializer.Deserialize<string>((await _storage.ReadClaimAsync(new ClaimKey(PersonalSealing.KeyScope, name)))!.Value)!;

    private byte[] Unwrap(PersonalDataCipher cipher, string claimName, string memberId) =>
        cipher.Unwrap(KeyClaimAsync(claimName).Result, PersonalSealing.WrapContext(memberId));

    private static PersonalProfile Open(PersonalDataCipher cipher, MemberState state, string wrappedKey) =>
        PersonalSealing.Open(cipher.Unwrap(wrappedKey, PersonalSealing.WrapContext("m1")), state.Personal!, "m1");

    private static PersonalDataCipher Cipher(string current, bool keepOld = true)
    {
        var options = new PersonalDataOptions { CurrentKeyId = current };
        if (current == "new") options.Keys["new"] = NewMaster;
        if (current == "old" || keepOld) options.Keys["old"] = OldMaster;
        return new PersonalDataCipher(Options.Create(options));
    }

    private Task<DomainCluster> StartAsync(string current, bool keepOld = true)
    {
        var settings = new Dictionary<string, string?> { ["PersonalData:CurrentKeyId"] = current };
        if (current == "new") settings["PersonalData:Keys:new"] = NewMaster;
        if (current == "old" || keepOld) settings["PersonalData:Keys:old"] = OldMaster;
        return DomainCluster.StartAsync(new DomainClusterOptions { Storage = _storage, Clock = _clock, Settings = settings });
    }
}
