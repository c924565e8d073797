using System.Text.Json;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Members;
using MemberCard.Grains.Privacy;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using GrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Grains.Tests.Members;

/// <summary>
/// Resident ID numbers: sealed in the member's profile, found by their blind-index claim, which moves in the write
/// that changes the number and goes with erasure; one member per number, also when two registrations race.
/// </summary>
public sealed class IdNumberTests
{
    private const string IdNumber = "11010519491231002X", OtherIdNumber = "44030419900307123X";
    private static readonly AuditActor Cashier = new("li", Roles.Cashier, "S001", "member.test", "trace");
    private static readonly AuditActor Manager = new("wang", Roles.StoreManager, "S001", "member.test", "trace");
    private static readonly AuditActor Admin = new("key-1", Roles.Admin, null, "member.test", "trace");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryGrainStorage _storage;

    public IdNumberTests() => _storage = new InMemoryGrainStorage(_clock);

    [Fact]
    public async Task TheNumberIsSealedInTheProfileMaskedInTheViewAndFoundByItsClaimUntilErasure()
    {
        await using var cluster = await StartAsync();
        var member = cluster.Grains.GetGrain<IMemberGrain>("m1");

        var view = await member.RegisterAsync(new RegisterMember("13800138000", "Li Lei", null, null, "S001", Cashier, IdNumber));

        Assert.Equal("110***********002X", view.IdNumberMask);
        var json = await StateJsonAsync("m1");
        foreach (var clear in new[] { IdNumber, IdNumber[..17], "110***" }) Assert.DoesNotContain(clear, json);
        var state = JsonSerializer.Deserialize(json, GrainJsonContext.Default.MemberState)!;
        Assert.Equal(IdNumber, (await OpenAsync(cluster, state, "m1")).IdNumber);
        var index = cluster.Services.GetRequiredService<IdNumberIndex>();
        Assert.Equal(index.ClaimFor(IdNumber).Key, state.IdNumberClaim);
        Assert.Equal("m1", await index.FindMemberIdAsync(IdNumber));
        // Its own key: the phone index's hash of the same text is another claim.
        Assert.NotEqual(index.ClaimFor(IdNumber).Key, cluster.Services.GetRequiredService<PhoneIndex>().ClaimFor(IdNumber).Key);
        Assert.Equal(IdNumber, (await member.ExportAsync(Admin))!.IdNumber);

        Assert.True(await member.EraseAsync(Admin));

        Assert.Null(await index.FindMemberIdAsync(IdNumber));
        Assert.Null(JsonSerializer.Deserialize(await StateJsonAsync("m1"), GrainJsonContext.Default.MemberState)!.IdNumberClaim);
        Assert.Null((await member.ExportAsync(Admin))!.IdNumber);
        // The number is free again.
        var again = await cluster.Grains.GetGrain<IMemberGrain>("m2").RegisterAsync(new RegisterMember("13800138000", null, null, null, null, Admin, IdNumber));
        Assert.Equal("110***********002X", again.IdNumberMask);
        Assert.Equal("m2", await index.FindMemberIdAsync(IdNumber));
    }

    [Fact]
    public async Task ATillSetsAFirstNumberButOnlyAManagerWithAReasonReplacesIt()
    {
        await using var cluster = await StartAsync();
        var member = cluster.Grains.GetGrain<IMemberGrain>("m1");
        var index = cluster.Services.GetRequiredService<IdNumberIndex>();
        Assert.Null((await member.RegisterAsync(new RegisterMember("13800138000", "Li Lei", null, null, "S001", Cashier))).IdNumberMask);

        Assert.Equal("110***********002X", (await member.UpdateProfileAsync(new UpdateProfile(null, null, null, null, Cashier, IdNumber: IdNumber))).IdNumberMask);
        Assert.Equal("m1", await index.FindMemberIdAsync(IdNumber));
        // Sending the number the member has changes nothing, from any till.
        await member.UpdateProfileAsync(new UpdateProfile(null, "Li Lei 2", null, null, Cashier, IdNumber: IdNumber));

        var till = await Assert.ThrowsAsync<DomainException>(() =>
            member.UpdateProfileAsync(new UpdateProfile(null, null, null, null, Cashier, "typo at the till", OtherIdNumber)));
        Assert.Equal(ErrorCodes.Forbidden, till.Code);
        var bare = await Assert.ThrowsAsync<DomainException>(() => member.UpdateProfileAsync(new UpdateProfile(null, null, null, null, Manager, IdNumber: OtherIdNumber)));
        Assert.Equal(ErrorCodes.ValidationFailed, bare.Code);
        Assert.Equal("m1", await index.FindMemberIdAsync(IdNumber));
        Assert.Null(await index.FindMemberIdAsync(OtherIdNumber));

        var changed = await member.UpdateProfileAsync(new UpdateProfile(null, null, null, null, Manager, "digits swapped at registration, card seen", OtherIdNumber));

        Assert.Equal("440***********123X", changed.IdNumberMask);
        Assert.Null(await index.FindMemberIdAsync(IdNumber));
        Assert.Equal("m1", await index.FindMemberIdAsync(OtherIdNumber));
        var entry = Assert.Single(await _storage.ReadJournalAsync(new GrainId("member", "m1"), new JournalQuery(10)), e => e.Kind == "id_number_changed");
        var ledger = JsonSerializer.Deserialize(entry.Json, GrainJsonContext.Default.IdNumberChanged)!;
        Assert.Equal(("digits swapped at registration, card seen", "wang", Roles.StoreManager), (ledger.Reason, ledger.By, ledger.Role));
        Assert.DoesNotContain(IdNumber[..17], entry.Json);
        Assert.DoesNotContain(OtherIdNumber[..17], entry.Json);
        var updated = _storage.Outbox.Where(e => e.Event.Kind == "member.profile_updated").Select(e => e.Event.Json).ToList();
        Assert.Contains(updated, e => e.Contains("\"idNumber\"", StringComparison.Ordinal));
        Assert.All(updated, e => Assert.DoesNotContain(OtherIdNumber[..17], e));
    }

    [Fact]
    public async Task TwoMembersCannotHoldOneNumberEvenWhenTheyRegisterAtOnce()
    {
        await using var cluster = await StartAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(1, 2).Select(async i =>
        {
            try
            {
                await cluster.Grains.GetGrain<IMemberGrain>($"r{i}").RegisterAsync(new RegisterMember($"1380013800{i}", null, null, null, null, Admin, IdNumber));
                return null;
            }
            catch (DomainException e)
            {
                return e.Code;
            }
        }));

        Assert.Single(attempts, a => a is null);
        Assert.Single(attempts, a => a == ErrorCodes.IdNumberTaken);
        var winner = $"r{Array.IndexOf(attempts, null) + 1}";
        var loser = winner == "r1" ? "r2" : "r1";
        Assert.Equal(winner, await cluster.Services.GetRequiredService<IdNumberIndex>().FindMemberIdAsync(IdNumber));
        Assert.Null(await cluster.Grains.GetGrain<IMemberGrain>(loser).GetAsync());
        // The loser's phone was not taken either (one write, all or nothing); a later profile change is refused the same way.
        Assert.Null(await cluster.Services.GetRequiredService<PhoneIndex>().FindMemberIdAsync(loser == "r1" ? "13800138001" : "13800138002"));
        var other = cluster.Grains.GetGrain<IMemberGrain>("m3");
        await other.RegisterAsync(new RegisterMember("13800138003", null, null, null, null, Admin));
        var taken = await Assert.ThrowsAsync<DomainException>(() => other.UpdateProfileAsync(new UpdateProfile(null, null, null, null, Cashier, IdNumber: IdNumber)));
        Assert.Equal(ErrorCodes.IdNumberTaken, taken.Code);
        Assert.Null((await other.GetAsync())!.IdNumberMask);
        // A phone taken wins over the number: the answer names the phone.
        var both = await Assert.ThrowsAsync<DomainException>(() =>
            cluster.Grains.GetGrain<IMemberGrain>("m4").RegisterAsync(new RegisterMember("13800138003", null, null, null, null, Admin, IdNumber)));
        Assert.Equal(ErrorCodes.MemberExists, both.Code);
    }

    private async Task<PersonalProfile> OpenAsync(DomainCluster cluster, MemberState state, string memberId)
    {
        var cipher = cluster.Services.GetRequiredService<PersonalDataCipher>();
        var claim = (await _storage.ReadClaimAsync(new ClaimKey(PersonalSealing.KeyScope, state.DataKey!)))!;
        return PersonalSealing.Open(PersonalSealing.UnwrapKey(cipher, claim.Value, memberId), state.Personal!, memberId);
    }

    private async Task<string> StateJsonAsync(string id) => (await _storage.ReadStateAsync(new GrainId("member", id)))!.Json;

    private Task<DomainCluster> StartAsync() => DomainCluster.StartAsync(new DomainClusterOptions { Storage = _storage, Clock = _clock });
}
