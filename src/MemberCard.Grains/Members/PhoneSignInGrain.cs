using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Shared;

namespace MemberCard.Grains.Members;

/// <summary>
/// Sign-in codes for one phone (docs/security.md, "Member self-service"), keyed by the phone's blind-index HMAC.
/// Everything is in the activation's memory: the code only as an HMAC under a key of this activation, so nothing about
/// codes is ever stored. An unregistered phone gets a code nobody receives and the same limits and lock, so no answer
/// tells whether a member has the phone. Kept 25 hours after its last call so the daily limit holds; the activation's
/// end (its silo dies or stops, a rolling restart) loses the pending codes and counters (members ask again).
/// </summary>
[GrainType("phone-sign-in")]
[CollectionAgeLimit(Hours = 25)]
public sealed class PhoneSignInGrain(PhoneIndex phones, TimeProvider clock) : Grain, IPhoneSignInGrain
{
    /// <summary>How long a code holds.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The shortest wait between two codes for one phone.</summary>
    public static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(60);

    /// <summary>How long the phone is locked after <see cref="MaxTries"/> wrong codes.</summary>
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    /// <summary>Wrong codes before the lock.</summary>
    public const int MaxTries = 5;

    /// <summary>The most codes one phone is sent in 24 hours.</summary>
    public const int MaxCodesPerDay = 5;

    private readonly byte[] _macKey = RandomNumberGenerator.GetBytes(32);
    private readonly List<DateTimeOffset> _sent = [];
    private byte[]? _codeMac;
    private string? _memberId;
    private DateTimeOffset _expiresAt;
    private int _wrongTries;
    private DateTimeOffset _lockedUntil;

    public async Task<SignInCodeSent> RequestCodeAsync(string phone)
    {
        var now = clock.GetUtcNow();
        if (phones.ClaimFor(phone).Key != this.GetPrimaryKeyString())
            throw DomainException.Invalid("phone", "The phone does not belong to this sign-in.");
        ThrowIfLocked(now);
        _sent.RemoveAll(at => now - at >= TimeSpan.FromDays(1));
        if (_sent.Count > 0 && now - _sent[^1] < ResendAfter)
            throw Limited($"A code was sent less than {ResendAfter.TotalSeconds:0} s ago; wait before asking again.", _sent[^1] + ResendAfter - now);
        if (_sent.Count >= MaxCodesPerDay)
            throw Limited($"{MaxCodesPerDay} codes were sent to this phone in the last 24 hours; try again later.", _sent[0] + TimeSpan.FromDays(1) - now);

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var expiresAt = now + CodeLifetime;
        var memberId = await phones.FindMemberIdAsync(phone);
        _sent.Add(now);
        // Wrong tries count across codes until the lock: asking for a new code buys no fresh tries.
        (_codeMac, _memberId, _expiresAt) = (Mac(code), memberId, expiresAt);
        // Not awaited: the answer must not take longer for a registered phone than for any other. A send that fails
        // leaves the member without a code (they ask again); an erased member's code is refused at the token.
        if (memberId is not null) GrainFactory.GrainOf<IMemberSessionGrain>(memberId).SendSignInCodeAsync(new SendSignInCode(code, expiresAt)).Ignore();
        return new SignInCodeSent(expiresAt, ResendAfter);
    }

    public Task<string> VerifyAsync(string code)
    {
        var now = clock.GetUtcNow();
        ThrowIfLocked(now);
        if (_codeMac is null || now >= _expiresAt)
        {
            _codeMac = null;
            throw new DomainException(ErrorCodes.SignInCodeExpired, "No valid code for this phone: it expired or was never sent; ask for a new one.");
        }
        if (!CryptographicOperations.FixedTimeEquals(Mac(code), _codeMac) || _memberId is null)
        {
            _wrongTries++;
            if (_wrongTries >= MaxTries)
            {
                (_codeMac, _lockedUntil, _wrongTries) = (null, now + LockFor, 0);
                throw Limited($"The code was wrong {MaxTries} times; sign-in for this phone is locked for {LockFor.TotalMinutes:0} minutes.", LockFor);
            }
            var left = MaxTries - _wrongTries;
            throw new DomainException(ErrorCodes.SignInCodeInvalid, $"Wrong phone or code; {left} {(left == 1 ? "try" : "tries")} left.");
        }
        _codeMac = null;
        return Task.FromResult(_memberId);
    }

    private void ThrowIfLocked(DateTimeOffset now)
    {
        if (now < _lockedUntil) throw Limited("Too many wrong codes; sign-in for this phone is locked for a while.", _lockedUntil - now);
    }

    private byte[] Mac(string code) => HMACSHA256.HashData(_macKey, Encoding.UTF8.GetBytes(code));

    private static DomainException Limited(string detail, TimeSpan wait) =>
        new(ErrorCodes.RateLimited, detail) { RetryAfter = wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1) };
}
