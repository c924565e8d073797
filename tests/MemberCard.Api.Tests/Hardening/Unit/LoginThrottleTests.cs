using MemberCard.Server.Api.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace MemberCard.Api.Tests.Hardening.Unit;

/// <summary>The log-in throttle on its own, with a fake clock: reservations, allowances and the doubling lock-out.</summary>
public sealed class LoginThrottleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private LoginThrottle Throttle(int perAccount = 5, int perAddress = 20) => new(_clock, new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:FailedLoginsPerAccount"] = perAccount.ToString(),
            ["Auth:FailedLoginsPerAddress"] = perAddress.ToString(),
        }).Build());

    [Fact]
    public void NoMoreThanTheAccountAllowanceIsReservedWhileNoneHasFinished()
    {
        var throttle = Throttle(perAccount: 5);

        var granted = Enumerable.Range(0, 30).Count(i => throttle.TryReserve("fin", "10.0.0.1", out _, out _));

        Assert.Equal(5, granted);
    }

    [Fact]
    public void NoMoreThanTheAddressAllowanceIsReservedAcrossUsernames()
    {
        var throttle = Throttle(perAccount: 5, perAddress: 20);

        var granted = Enumerable.Range(0, 40).Count(i => throttle.TryReserve($"user{i}", "10.0.0.1", out _, out _));

        Assert.Equal(20, granted);
        Assert.True(throttle.TryReserve("user0", "10.0.0.2", out _, out _), "another address has its own allowance");
    }

    [Fact]
    public void ConcurrentReservationsNeverExceedTheAllowance()
    {
        var throttle = Throttle(perAccount: 5, perAddress: 20);
        var granted = 0;

        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            if (throttle.TryReserve("fin", "10.0.0.1", out _, out _)) Interlocked.Increment(ref granted);
        });

        Assert.Equal(5, granted);
    }

    [Fact]
    public void RefusalSaysHowLongToWaitAndTheLockOutEndsThen()
    {
        var throttle = Throttle(perAccount: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(throttle.TryReserve("fin", "a", out var attempt, out _));
            attempt.Failed();
        }

        Assert.False(throttle.TryReserve("fin", "a", out _, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(throttle.TryReserve("fin", "a", out var next, out _));
        Assert.False(throttle.TryReserve("fin", "a", out _, out _));
        next.Failed();
        Assert.False(throttle.TryReserve("fin", "a", out _, out wait));
        Assert.Equal(TimeSpan.FromSeconds(2), wait);
    }

    [Fact]
    public void LockOutDoublesWithEachFurtherFailureUpToFifteenMinutes()
    {
        var throttle = Throttle(perAccount: 1, perAddress: 1000);
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 14; i++)
        {
            Assert.True(throttle.TryReserve("fin", "a", out var attempt, out _));
            attempt.Failed();
            Assert.False(throttle.TryReserve("fin", "a", out _, out var wait));
            waits.Add(wait);
            _clock.Advance(wait);
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public void AnAttemptCountsAsFailedUntilItSucceeds()
    {
        var throttle = Throttle(perAccount: 3);
        Assert.True(throttle.TryReserve("fin", "a", out var first, out _));
        Assert.True(throttle.TryReserve("fin", "a", out _, out _));
        first.Succeeded();

        // The second is still in flight and counts (and the first's failures are forgiven): one more may start.
        Assert.True(throttle.TryReserve("fin", "a", out _, out _));
        Assert.True(throttle.TryReserve("fin", "a", out _, out _));
        Assert.False(throttle.TryReserve("fin", "a", out _, out _));
    }

    [Fact]
    public void ASuccessInTheMiddleOfABurstOpensNoNewAllowance()
    {
        var throttle = Throttle(perAccount: 5);
        var attempts = new List<LoginThrottle.Reservation>();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(throttle.TryReserve("fin", "a", out var attempt, out _));
            attempts.Add(attempt);
        }

        attempts[4].Succeeded();
        foreach (var attempt in attempts[..4]) attempt.Failed();

        Assert.False(throttle.TryReserve("fin", "a", out _, out _));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(throttle.TryReserve("fin", "a", out _, out _));
    }

    [Fact]
    public void SuccessForgivesTheAccountsFailuresButNotTheAddresss()
    {
        var throttle = Throttle(perAccount: 3, perAddress: 4);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(throttle.TryReserve("fin", "a", out var attempt, out _));
            attempt.Failed();
        }
        Assert.True(throttle.TryReserve("fin", "a", out var good, out _));
        good.Succeeded();
        _clock.Advance(TimeSpan.FromSeconds(1));

        // The account starts again from nothing: two failures do not lock it.
        for (var i = 0; i < 2; i++)
        {
            Assert.True(throttle.TryReserve("fin", "b", out var again, out _));
            again.Failed();
        }
        Assert.True(throttle.TryReserve("fin", "c", out _, out _));
        // Address a still holds its two failures: two more reach its allowance of four.
        Assert.True(throttle.TryReserve("other", "a", out _, out _));
        Assert.True(throttle.TryReserve("other2", "a", out _, out _));
        Assert.False(throttle.TryReserve("other3", "a", out _, out _));
    }

    [Fact]
    public void AReleasedAttemptDoesNotCount()
    {
        var throttle = Throttle(perAccount: 2);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(throttle.TryReserve("fin", "a", out var attempt, out _));
            attempt.Released();
        }

        Assert.True(throttle.TryReserve("fin", "a", out _, out _));
        Assert.True(throttle.TryReserve("fin", "a", out _, out _));
        Assert.False(throttle.TryReserve("fin", "a", out _, out _));
    }
}
