using System.Collections.Concurrent;

namespace MemberCard.Server.Api.Auth;

/// <summary>
/// Slows password guessing: after a few failures an account (or a client address) is locked out for a time that
/// doubles with each further failure, up to a ceiling. Checked before the password hash is computed, so a locked
/// attacker also cannot spend the server's CPU. Kept per silo, in memory: an attacker spread over silos gets at
/// most one allowance per silo, which the doubling still makes useless.
/// </summary>
internal sealed class LoginThrottle(TimeProvider clock, IConfiguration configuration)
{
    private const int MaxTracked = 100_000;
    private static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);

    private readonly int _accountAllowance = configuration.GetValue("Auth:FailedLoginsPerAccount", 5);
    private readonly int _addressAllowance = configuration.GetValue("Auth:FailedLoginsPerAddress", 20);
    private readonly ConcurrentDictionary<string, Failures> _failures = new();

    /// <summary>How long the caller must wait before trying again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string account, string address)
    {
        var now = clock.GetUtcNow();
        var wait = new[] { Wait(AccountKey(account), now), Wait(AddressKey(address), now) }.Max();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void Failed(string account, string address)
    {
        if (_failures.Count > MaxTracked) _failures.Clear();
        var now = clock.GetUtcNow();
        Record(AccountKey(account), _accountAllowance, now);
        Record(AddressKey(address), _addressAllowance, now);
    }

    /// <summary>A successful login clears the account's failures (not the address's: one good password must not reset a spray).</summary>
    public void Succeeded(string account) => _failures.TryRemove(AccountKey(account), out _);

    private void Record(string key, int allowance, DateTimeOffset now) =>
        _failures.AddOrUpdate(key, _ => new Failures(1, null), (_, f) =>
        {
            var count = f.Count + 1;
            if (count < allowance) return new Failures(count, null);
            var seconds = Math.Min(MaxLockout.TotalSeconds, Math.Pow(2, count - allowance));
            return new Failures(count, now + TimeSpan.FromSeconds(seconds));
        });

    private TimeSpan Wait(string key, DateTimeOffset now) =>
        _failures.TryGetValue(key, out var f) && f.LockedUntil is { } until && until > now ? until - now : TimeSpan.Zero;

    private static string AccountKey(string account) => "account:" + account;

    private static string AddressKey(string address) => "address:" + address;

    private sealed record Failures(int Count, DateTimeOffset? LockedUntil);
}
