using System.Text.Json;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Members;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using GrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Grains.Tests.Members;

/// <summary>
/// Phone changes: a till only with the code sent to the new phone, a manager with a reason; either way the session
/// stamp changes, the phone ledger records who, how and why, and the old number gets a sealed warning.
/// </summary>
public sealed class PhoneChangeTests
{
    private const string OldPhone = "13800138000", NewPhone = "13900139000", OtherPhone = "13700137000";
    private static readonly AuditActor Cashier = new("li", Roles.Cashier, "S001", "member.test", "trace");
    private static readonly AuditActor Manager = new("wang", Roles.StoreManager, "S001", "member.test", "trace");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryGrainStorage _storage;

    public PhoneChangeTests() => _storage = new InMemoryGrainStorage(_clock);

    [Fact]
    public async Task ATillCannotChangeThePhoneDirectlyAndAManagerNeedsAReason()
    {
        await using var cluster = await StartAsync();
        var member = await RegisterAsync(cluster);

        var till = await Assert.ThrowsAsync<DomainException>(() => member.UpdateProfileAsync(new UpdateProfile(NewPhone, null, null, null, Cashier, "lost it")));
        Assert.Equal(ErrorCodes.PhoneCodeRequired, till.Code);
        var bare = await Assert.ThrowsAsync<DomainException>(() => member.UpdateProfileAsync(new UpdateProfile(NewPhone, null, null, null, Manager)));
        Assert.Equal(ErrorCodes.ValidationFailed, bare.Code);
        Assert.Null(State().SessionStamp);
        // A till may still change the other fields, and send the phone the member already has.
        Assert.Equal("New Name", (await member.UpdateProfileAsync(new UpdateProfile(OldPhone, "New Name", null, null, Cashier))).Name);

        var changed = await member.UpdateProfileAsync(new UpdateProfile(NewPhone, null, null, null, Manager, "member lost the old SIM, ID seen"));

        Assert.Equal("139****9000", changed.Phone);
        await AssertPhoneMovedAsync(cluster);
        var entry = Assert.Single(await _storage.ReadJournalAsync(new GrainId("member", "m1"), new JournalQuery(10)), e => e.Kind == "phone_changed");
        var ledger = JsonSerializer.Deserialize(entry.Json, GrainJsonContext.Default.PhoneChanged)!;
        Assert.Equal((PhoneChangeWays.Manager, "member lost the old SIM, ID seen", "wang", Roles.StoreManager, null),
            (ledger.Way, ledger.Reason, ledger.By, ledger.Role, ledger.Message));
        Assert.DoesNotContain(OldPhone, entry.Json);
        Assert.DoesNotContain(NewPhone, entry.Json);
    }

    [Fact]
    public async Task TheCodeSentToTheNewPhoneConfirmsTheChangeAndAWrongOneIsCounted()
    {
        await using var cluster = await StartAsync();
        var member = await RegisterAsync(cluster);

        var open = await member.RequestPhoneChangeAsync(new RequestPhoneChange(NewPhone, Cashier));

        Assert.Equal(("139****9000", _clock.GetUtcNow() + MemberGrain.CodeLifetime, 5), (open.Phone, open.ExpiresAt, open.TriesLeft));
        var sent = JsonSerializer.Deserialize(Assert.Single(Events("member.phone_code")), GrainJsonContext.Default.PhoneCodeSent)!;
        var message = (await Messages(cluster).OpenAsync("m1", sent.Message))!;
        Assert.Equal(NewPhone, message.To);
        var code = System.Text.RegularExpressions.Regex.Match(message.Text, "[0-9]{6}").Value;
        var stored = (await _storage.ReadStateAsync(new GrainId("member", "m1")))!.Json;
        Assert.DoesNotContain(NewPhone, stored);
        Assert.DoesNotContain(code, stored);
        Assert.DoesNotContain(code, Assert.Single(Events("member.phone_code")));

        var wrong = await Assert.ThrowsAsync<DomainException>(() => member.ConfirmPhoneChangeAsync(new ConfirmPhoneChange(Other(code), Cashier)));
        Assert.Equal((ErrorCodes.PhoneCodeInvalid, "The code is wrong; 4 tries left."), (wrong.Code, wrong.Message));
        Assert.Equal(OldPhone[..3] + "****" + OldPhone[^4..], (await member.GetAsync())!.Phone);

        var changed = await member.ConfirmPhoneChangeAsync(new ConfirmPhoneChange(code, Cashier));

        Assert.Equal("139****9000", changed.Phone);
        await AssertPhoneMovedAsync(cluster);
        Assert.Null(State().PendingPhone);
        var again = await Assert.ThrowsAsync<DomainException>(() => member.ConfirmPhoneChangeAsync(new ConfirmPhoneChange(code, Cashier)));
        Assert.Equal(ErrorCodes.PhoneChangeNotRequested, again.Code);
        var ledger = JsonSerializer.Deserialize(Assert.Single(await _storage.ReadJournalAsync(new GrainId("member", "m1"), new JournalQuery(10)),
            e => e.Kind == "phone_changed").Json, GrainJsonContext.Default.PhoneChanged)!;
        Assert.Equal((PhoneChangeWays.Code, null, "li"), (ledger.Way, ledger.Reason, ledger.By));
    }

    [Fact]
    public async Task FiveWrongCodesOrTenMinutesCancelTheChangeAndCodesComeAtMostOnceAMinute()
    {
        await using var cluster = await StartAsync();
        var member = await RegisterAsync(cluster);
        await cluster.Grains.GetGrain<IMemberGrain>("m2").RegisterAsync(new RegisterMember(OtherPhone, "Other", null, null, null, Manager));

        var taken = await Assert.ThrowsAsync<DomainException>(() => member.RequestPhoneChangeAsync(new RequestPhoneChange(OtherPhone, Cashier)));
        Assert.Equal(ErrorCodes.MemberExists, taken.Code);
        var same = await Assert.ThrowsAsync<DomainException>(() => member.RequestPhoneChangeAsync(new RequestPhoneChange(OldPhone, Cashier)));
        Assert.Equal(ErrorCodes.ValidationFailed, same.Code);

        await member.RequestPhoneChangeAsync(new RequestPhoneChange(NewPhone, Cashier));
        var soon = await Assert.ThrowsAsync<DomainException>(() => member.RequestPhoneChangeAsync(new RequestPhoneChange(NewPhone, Cashier)));
        Assert.Equal(ErrorCodes.RateLimited, soon.Code);
        var code = await SentCodeAsync(cluster);
        for (var i = 1; i <= 4; i++)
            Assert.Equal(ErrorCodes.PhoneCodeInvalid, (await Assert.ThrowsAsync<DomainException>(() => member.ConfirmPhoneChangeAsync(new ConfirmPhoneChange(Other(code), Cashier)))).Code);
        var fifth = await Assert.ThrowsAsync<DomainException>(() => member.ConfirmPhoneChangeAsync(new ConfirmPhoneChange(Other(code), Cashier)));
        Assert.Equal(ErrorCodes.PhoneCodeExpired, fifth.Code);
        // Cancelled: even the right code does nothing now, and cancelling buys no early new code.
        Assert.Equal(ErrorCodes.PhoneChangeNotRequested, (await Assert.ThrowsAsync<DomainException>(() => member.ConfirmPhoneChangeAsync(new ConfirmPhoneChange(code, Cashier)))).Code);
        Assert.Equal(ErrorCodes.RateLimited, (await Assert.ThrowsAsync<DomainException>(() => member.RequestPhoneChangeAsync(new RequestPhoneChange(NewPhone, Cashier)))).Code);

        _clock.Advance(MemberGrain.CodeResendAfter);
        await member.RequestPhoneChangeAsync(new RequestPhoneChange(NewPhone, Cashier));
        var late = await SentCodeAsync(cluster);
        _clock.Advance(MemberGrain.CodeLifetime);
        Assert.Equal(ErrorCodes.PhoneCodeExpired, (await Assert.ThrowsAsync<DomainException>(() => member.ConfirmPhoneChangeAsync(new ConfirmPhoneChange(late, Cashier)))).Code);
        Assert.Equal(OldPhone[..3] + "****" + OldPhone[^4..], (await member.GetAsync())!.Phone);
        Assert.Null(State().SessionStamp);
    }

    [Fact]
    public async Task AMemberIsSentAtMostFiveCodesADayWhateverBecameOfThem()
    {
        await using var cluster = await StartAsync();
        var member = await RegisterAsync(cluster);

        for (var i = 0; i < MemberGrain.MaxCodesPerDay; i++)
        {
            await member.RequestPhoneChangeAsync(new RequestPhoneChange(NewPhone, Cashier));
            _clock.Advance(MemberGrain.CodeLifetime);
        }
        var capped = await Assert.ThrowsAsync<DomainException>(() => member.RequestPhoneChangeAsync(new RequestPhoneChange(NewPhone, Cashier)));

        Assert.Equal(ErrorCodes.RateLimited, capped.Code);
        Assert.Equal(MemberGrain.MaxCodesPerDay, Events("member.phone_code").Count);
        _clock.Advance(TimeSpan.FromDays(1) - MemberGrain.CodeLifetime * MemberGrain.MaxCodesPerDay + MemberGrain.CodeLifetime);
        Assert.Equal(5, (await member.RequestPhoneChangeAsync(new RequestPhoneChange(NewPhone, Cashier))).TriesLeft);
    }

    private async Task AssertPhoneMovedAsync(DomainCluster cluster)
    {
        var phones = cluster.Services.GetRequiredService<PhoneIndex>();
        Assert.Equal("m1", await phones.FindMemberIdAsync(NewPhone));
        Assert.Null(await phones.FindMemberIdAsync(OldPhone));
        Assert.NotNull(State().SessionStamp);
        var changed = JsonSerializer.Deserialize(Assert.Single(Events("member.phone_changed")), GrainJsonContext.Default.PhoneChanged)!;
        var warning = (await Messages(cluster).OpenAsync("m1", changed.Message!))!;
        Assert.Equal(OldPhone, warning.To);
        Assert.Contains("139****9000", warning.Text);
        Assert.DoesNotContain(OldPhone, Assert.Single(Events("member.phone_changed")));
    }

    private async Task<string> SentCodeAsync(DomainCluster cluster)
    {
        var sent = JsonSerializer.Deserialize(Events("member.phone_code")[^1], GrainJsonContext.Default.PhoneCodeSent)!;
        return System.Text.RegularExpressions.Regex.Match((await Messages(cluster).OpenAsync("m1", sent.Message))!.Text, "[0-9]{6}").Value;
    }

    private static string Other(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private static PhoneMessages Messages(DomainCluster cluster) => cluster.Services.GetRequiredService<PhoneMessages>();

    private async Task<IMemberGrain> RegisterAsync(DomainCluster cluster)
    {
        var member = cluster.Grains.GetGrain<IMemberGrain>("m1");
        await member.RegisterAsync(new RegisterMember(OldPhone, "Li Lei", null, null, "S001", Manager));
        return member;
    }

    private MemberState State() =>
        JsonSerializer.Deserialize(_storage.ReadStateAsync(new GrainId("member", "m1")).Result!.Json, GrainJsonContext.Default.MemberState)!;

    private List<string> Events(string kind) => [.. _storage.Outbox.Where(e => e.Event.Kind == kind).Select(e => e.Event.Json)];

    private Task<DomainCluster> StartAsync() => DomainCluster.StartAsync(new DomainClusterOptions { Storage = _storage, Clock = _clock });
}
