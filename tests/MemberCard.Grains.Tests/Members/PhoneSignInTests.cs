using System.Text.Json;
using System.Text.RegularExpressions;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Members;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MemberCard.Grains.Tests.Members;

/// <summary>
/// Sign-in codes per phone: the code reaches only the member's phone (sealed), signs in once, expires after 5 minutes;
/// resend and daily limits and the lock after 5 wrong codes hold alike for registered and unregistered phones.
/// </summary>
public sealed class PhoneSignInTests
{
    private const string Phone = "13800138000", Stranger = "13900139000";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryGrainStorage _storage;

    public PhoneSignInTests() => _storage = new InMemoryGrainStorage(_clock);

    [Fact]
    public async Task TheCodeSentToTheMembersPhoneSignsInOnce()
    {
        await using var cluster = await StartAsync();
        await cluster.Grains.GetGrain<IMemberGrain>("m1").RegisterAsync(new RegisterMember(Phone, "Li Lei", null, null, "S001"));
        var signIn = SignIn(cluster, Phone);

        var sent = await signIn.RequestCodeAsync(Phone);
        var code = await CodeSentAsync(cluster);

        Assert.Equal(_clock.GetUtcNow() + PhoneSignInGrain.CodeLifetime, sent.ExpiresAt);
        Assert.DoesNotContain(code, Assert.Single(Events("member.sign_in_code")));
        Assert.Equal("m1", await signIn.VerifyAsync(code));
        await AssertRefusedAsync(ErrorCodes.SignInCodeExpired, signIn.VerifyAsync(code));
    }

    [Fact]
    public async Task ACodeExpiresAfterFiveMinutes()
    {
        await using var cluster = await StartAsync();
        await cluster.Grains.GetGrain<IMemberGrain>("m1").RegisterAsync(new RegisterMember(Phone, "Li Lei", null, null, "S001"));
        var signIn = SignIn(cluster, Phone);
        await signIn.RequestCodeAsync(Phone);
        var code = await CodeSentAsync(cluster);

        _clock.Advance(PhoneSignInGrain.CodeLifetime);

        await AssertRefusedAsync(ErrorCodes.SignInCodeExpired, signIn.VerifyAsync(code));
    }

    [Fact]
    public async Task LimitsAndTheLockAnswerTheSameForAPhoneNobodyHas()
    {
        await using var cluster = await StartAsync();
        await cluster.Grains.GetGrain<IMemberGrain>("m1").RegisterAsync(new RegisterMember(Phone, "Li Lei", null, null, "S001"));

        var registered = await AnswersAsync(SignIn(cluster, Phone), Phone);
        var unregistered = await AnswersAsync(SignIn(cluster, Stranger), Stranger);

        Assert.Equal(registered, unregistered);
        Assert.Equal(
            ["sent", "rate_limited", "sent", "sign_in_code_invalid", "sign_in_code_invalid", "sign_in_code_invalid", "sign_in_code_invalid",
                "rate_limited", "rate_limited", "rate_limited", "sent", "sent", "sent", "rate_limited"],
            registered);
        for (var i = 0; i < 250 && Events("member.sign_in_code").Count < PhoneSignInGrain.MaxCodesPerDay; i++) await Task.Delay(20);
        Assert.Equal(PhoneSignInGrain.MaxCodesPerDay, Events("member.sign_in_code").Count); // the member's phone only
    }

    [Fact]
    public async Task ANewCodeBuysNoFreshTries()
    {
        await using var cluster = await StartAsync();
        var signIn = SignIn(cluster, Stranger);
        await signIn.RequestCodeAsync(Stranger);
        for (var i = 1; i < PhoneSignInGrain.MaxTries; i++) await AssertRefusedAsync(ErrorCodes.SignInCodeInvalid, signIn.VerifyAsync("000000"));

        _clock.Advance(PhoneSignInGrain.ResendAfter);
        await signIn.RequestCodeAsync(Stranger);

        await AssertRefusedAsync(ErrorCodes.RateLimited, signIn.VerifyAsync("000000")); // the fifth wrong code overall locks
    }

    [Fact]
    public async Task ThePhoneMustMatchTheGrain()
    {
        await using var cluster = await StartAsync();
        await AssertRefusedAsync(ErrorCodes.ValidationFailed, SignIn(cluster, Phone).RequestCodeAsync(Stranger));
    }

    // The same script for any phone; the answers (never the codes) are compared.
    private async Task<List<string>> AnswersAsync(IPhoneSignInGrain signIn, string phone)
    {
        var start = _clock.GetUtcNow();
        var answers = new List<string>();
        async Task Try(Func<Task> call)
        {
            try
            {
                await call();
                answers.Add("sent");
            }
            catch (DomainException e)
            {
                answers.Add(e.Code);
            }
        }
        await Try(() => signIn.RequestCodeAsync(phone));
        await Try(() => signIn.RequestCodeAsync(phone)); // within the minute
        _clock.Advance(PhoneSignInGrain.ResendAfter);
        await Try(() => signIn.RequestCodeAsync(phone));
        for (var i = 0; i < PhoneSignInGrain.MaxTries; i++) await Try(() => signIn.VerifyAsync("000000")); // the fifth locks
        await Try(() => signIn.RequestCodeAsync(phone)); // locked
        await Try(() => signIn.VerifyAsync("000000"));
        _clock.Advance(PhoneSignInGrain.LockFor);
        for (var i = 0; i < 3; i++)
        {
            await Try(() => signIn.RequestCodeAsync(phone));
            _clock.Advance(PhoneSignInGrain.ResendAfter);
        }
        await Try(() => signIn.RequestCodeAsync(phone)); // the sixth of the day
        _clock.Advance(start + TimeSpan.FromDays(2) - _clock.GetUtcNow()); // the next script starts a fresh day
        return answers;
    }

    private async Task<string> CodeSentAsync(DomainCluster cluster)
    {
        for (var i = 0; i < 500; i++)
        {
            if (Events("member.sign_in_code").LastOrDefault() is { } json)
            {
                var sent = JsonSerializer.Deserialize(json, GrainJsonContext.Default.PhoneCodeSent)!;
                var message = await cluster.Services.GetRequiredService<PhoneMessages>().OpenAsync(sent.MemberId, sent.Message);
                Assert.Equal(Phone, message!.To);
                return Regex.Match(message.Text, "[0-9]{6}").Value;
            }
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException("No sign-in code was published within 10 s.");
    }

    private static async Task AssertRefusedAsync(string code, Task call) => Assert.Equal(code, (await Assert.ThrowsAsync<DomainException>(() => call)).Code);

    private static IPhoneSignInGrain SignIn(DomainCluster cluster, string phone) =>
        cluster.Grains.GetGrain<IPhoneSignInGrain>(cluster.Services.GetRequiredService<PhoneIndex>().ClaimFor(phone).Key);

    private List<string> Events(string kind) => [.. _storage.Outbox.Where(e => e.Event.Kind == kind).Select(e => e.Event.Json)];

    private Task<DomainCluster> StartAsync() => DomainCluster.StartAsync(new DomainClusterOptions { Storage = _storage, Clock = _clock });
}
