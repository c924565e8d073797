namespace MemberCard.Server.Api.Auth;

/// <summary>
/// Slows password guessing: after a few failures an account (or a client address) is locked out for a time that
/// doubles with each further failure, up to a ceiling. An attempt is reserved — counted as a failure against both
/// the account and the address, in one atomic step — before its password is checked, and stops counting only when
/// the check succeeds; so however many attempts arrive at once, no more than the allowance are ever evaluated.
/// A refused attempt costs no password hash. Kept per silo, in memory: an attacker spread over silos gets at most
/// one allowance per silo, which the doubling still makes useless.
/// </summary>
internal sealed class LoginThrottle(TimeProvider clock, IConfiguration configuration)
{
    private const int MaxTracked = 100_000;
    private static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);

    private readonly int _accountAllowance = Math.Max(1, configuration.GetValue("Auth:FailedLoginsPerAccount", 5));
    private readonly int _addressAllowance = Math.Max(1, configuration.GetValue("Auth:FailedLoginsPerAddress", 20));
    private readonly Dictionary<string, Attempts> _attempts = [];
    private readonly Lock _gate = new();

    /// <summary>
    /// Reserves one attempt for <paramref name="account"/> from <paramref name="address"/>, or answers how long the
    /// caller must wait. The reservation counts as a failure until <see cref="Reservation.Succeeded"/>.
    /// </summary>
    public bool TryReserve(string account, string address, out Reservation reservation, out TimeSpan retryAfter)
    {
        var (accountKey, addressKey) = (AccountKey(account), AddressKey(address));
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var accountAttempts = Get(accountKey);
            var addressAttempts = Get(addressKey);
            retryAfter = Max(accountAttempts.Wait(now), addressAttempts.Wait(now));
            if (retryAfter > TimeSpan.Zero)
            {
                reservation = default;
                return false;
            }
            if (_attempts.Count > MaxTracked) Prune(now);
            Track(accountKey, accountAttempts).Reserve(_accountAllowance, now);
            Track(addressKey, addressAttempts).Reserve(_addressAllowance, now);
        }
        reservation = new Reservation(this, accountKey, addressKey);
        return true;
    }

    // The attempt failed: it stays counted; the lock-out (if any) runs from now, not from the reservation.
    private void Failed(string accountKey, string addressKey)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_attempts.TryGetValue(accountKey, out var a)) a.Fail(_accountAllowance, now);
            if (_attempts.TryGetValue(addressKey, out var b)) b.Fail(_addressAllowance, now);
        }
    }

    // The password was right: this attempt stops counting. The account's earlier failures are forgiven (the owner
    // is back); the address's are not (one good password must not reset a spray). Attempts still in flight stay
    // counted, and a lock-out already running runs out: a success in the middle of a burst opens no new allowance.
    private void Succeeded(string accountKey, string addressKey)
    {
        lock (_gate)
        {
            if (_attempts.TryGetValue(accountKey, out var a)) a.Succeed(forgetFailures: true);
            if (_attempts.TryGetValue(addressKey, out var b)) b.Succeed(forgetFailures: false);
        }
    }

    // The attempt was never evaluated (no hashing capacity): as if it had not been made.
    private void Released(string accountKey, string addressKey)
    {
        lock (_gate)
        {
            if (_attempts.TryGetValue(accountKey, out var a)) a.Release(_accountAllowance);
            if (_attempts.TryGetValue(addressKey, out var b)) b.Release(_addressAllowance);
        }
    }

    private Attempts Get(string key) => _attempts.GetValueOrDefault(key) ?? new Attempts();

    private Attempts Track(string key, Attempts attempts)
    {
        _attempts.TryAdd(key, attempts);
        return attempts;
    }

    // Keeps what still matters (attempts in flight, active lock-outs, failures of the last lock-out ceiling).
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, attempts) in _attempts)
            if (attempts.Pending == 0 && attempts.Wait(now) == TimeSpan.Zero && now - attempts.LastFailure > MaxLockout) _attempts.Remove(key);
        if (_attempts.Count <= MaxTracked) return;
        foreach (var (key, attempts) in _attempts)
            if (attempts.Pending == 0) _attempts.Remove(key);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string AccountKey(string account) => "account:" + account;

    private static string AddressKey(string address) => "address:" + address;

    /// <summary>One reserved attempt; say how its check ended exactly once (a reservation never told stays a failure).</summary>
    public readonly struct Reservation
    {
        private readonly LoginThrottle? _throttle;
        private readonly string _accountKey;
        private readonly string _addressKey;

        internal Reservation(LoginThrottle throttle, string accountKey, string addressKey) =>
            (_throttle, _accountKey, _addressKey) = (throttle, accountKey, addressKey);

        /// <summary>The password was wrong (or the account unknown or disabled).</summary>
        public void Failed() => _throttle?.Failed(_accountKey, _addressKey);

        /// <summary>The password was right.</summary>
        public void Succeeded() => _throttle?.Succeeded(_accountKey, _addressKey);

        /// <summary>The attempt was not evaluated at all.</summary>
        public void Released() => _throttle?.Released(_accountKey, _addressKey);
    }

    // Failures = checks that failed; Pending = reserved, not yet told. Both count against the allowance.
    private sealed class Attempts
    {
        public int Failures { get; private set; }
        public int Pending { get; private set; }
        public DateTimeOffset LastFailure { get; private set; }
        private DateTimeOffset? _lockedUntil;

        public TimeSpan Wait(DateTimeOffset now) => _lockedUntil is { } until && until > now ? until - now : TimeSpan.Zero;

        public void Reserve(int allowance, DateTimeOffset now)
        {
            Pending++;
            Lock(allowance, now);
        }

        public void Fail(int allowance, DateTimeOffset now)
        {
            if (Pending > 0) Pending--;
            Failures++;
            LastFailure = now;
            Lock(allowance, now);
        }

        public void Succeed(bool forgetFailures)
        {
            if (Pending > 0) Pending--;
            if (forgetFailures) Failures = 0;
        }

        // Below the allowance again, the lock-out can only have come from this reservation: lift it.
        public void Release(int allowance)
        {
            if (Pending > 0) Pending--;
            if (Failures + Pending < allowance) _lockedUntil = null;
        }

        // Reaching the allowance locks at once, so no further attempt is even reserved until the lock-out ends;
        // each count beyond it doubles the lock-out.
        private void Lock(int allowance, DateTimeOffset now)
        {
            var count = Failures + Pending;
            if (count < allowance) return;
            var seconds = Math.Min(MaxLockout.TotalSeconds, Math.Pow(2, count - allowance));
            var until = now + TimeSpan.FromSeconds(seconds);
            if (_lockedUntil is null || until > _lockedUntil) _lockedUntil = until;
        }
    }
}
