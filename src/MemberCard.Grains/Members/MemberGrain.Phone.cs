using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Members;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Members;

/// <summary>
/// Phone changes (docs/security.md, "Phone changes"): from a till only with a one-time code sent to the new phone,
/// otherwise by a manager with a reason. Either way the change renews the session stamp, is written to the member's
/// phone ledger (who, how, why; never the numbers) and tells the old number, in the same write as the change.
/// </summary>
public sealed partial class MemberGrain
{
    /// <summary>How long a code holds.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The shortest wait between two codes for one member.</summary>
    public static readonly TimeSpan CodeResendAfter = TimeSpan.FromSeconds(60);

    /// <summary>Wrong codes an open change takes before it is cancelled.</summary>
    public const int MaxCodeTries = 5;

    /// <summary>The most codes one member is sent in 24 hours, whatever became of them.</summary>
    public const int MaxCodesPerDay = 5;

    private const string PhoneLedger = "phone_changed";
    private const string PendingPhonePurpose = "pending-phone";

    public async Task<PhoneChangeRequested> RequestPhoneChangeAsync(RequestPhoneChange command)
    {
        RequireMember();
        var now = Clock.GetUtcNow();
        // Counted apart from the open change, so cancelling one (five wrong codes, expiry) does not buy a fresh start.
        var sent = (State.PhoneCodesSent ?? []).Where(at => now - at < TimeSpan.FromDays(1)).ToList();
        if (sent.Count > 0 && now - sent[^1] < CodeResendAfter)
            throw new DomainException(ErrorCodes.RateLimited, $"A code was sent less than {CodeResendAfter.TotalSeconds:0} s ago; wait before asking again.")
            {
                RetryAfter = CodeResendAfter,
            };
        if (sent.Count >= MaxCodesPerDay)
            throw new DomainException(ErrorCodes.RateLimited, $"This member was sent {MaxCodesPerDay} codes in the last 24 hours; a manager can change the phone with a reason.")
            {
                RetryAfter = CodeResendAfter,
            };
        var claim = phones.ClaimFor(command.Phone);
        if (claim.Key == State.PhoneClaim) throw DomainException.Invalid("phone", "This is the member's phone already.");
        if (await ReadClaimAsync(claim) is { } held && held.Owner.Key != Key)
            throw new DomainException(ErrorCodes.MemberExists, "Another member is registered with this phone.");
        var sealedState = await SealAsync(State, await ProfileAsync());
        var key = sealedState.Key;
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var pending = new PendingPhoneChange(PersonalSealing.SealText(key, command.Phone, Key, PendingPhonePurpose), CodeHash(key, code, now), now,
            now + CodeLifetime, 0);
        var message = SealMessage(key, new PhoneMessage(command.Phone,
            $"Your code to confirm this phone for your membership is {code}. It holds for {CodeLifetime.TotalMinutes:0} minutes. If you did not ask for it, ignore this message."));
        await CommitAsync(sealedState.State with { PendingPhone = pending, PhoneCodesSent = [.. sent, now] }, w =>
        {
            sealedState.ClaimKey(w);
            w.Publish("member.phone_code", new PhoneCodeSent(Key, message, now));
            Audit(w, command.Actor);
        });
        Remember(sealedState);
        return new PhoneChangeRequested(PhoneIndex.Mask(command.Phone), pending.ExpiresAt, MaxCodeTries);
    }

    public async Task<MemberView> ConfirmPhoneChangeAsync(ConfirmPhoneChange command)
    {
        RequireMember();
        if (State.PendingPhone is not { } pending)
            throw new DomainException(ErrorCodes.PhoneChangeNotRequested, "No phone change is waiting for a code; ask for a code first.");
        if (Clock.GetUtcNow() >= pending.ExpiresAt)
        {
            await CommitAsync(State with { PendingPhone = null });
            throw new DomainException(ErrorCodes.PhoneCodeExpired, "The code has expired; ask for a new one.");
        }
        var key = await DataKeyAsync();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(CodeHash(key, command.Code, pending.RequestedAt)), Encoding.ASCII.GetBytes(pending.CodeHash)))
        {
            var left = MaxCodeTries - pending.FailedTries - 1;
            await CommitAsync(State with { PendingPhone = left > 0 ? pending with { FailedTries = pending.FailedTries + 1 } : null });
            throw left > 0
                ? new DomainException(ErrorCodes.PhoneCodeInvalid, $"The code is wrong; {left} {(left == 1 ? "try" : "tries")} left.")
                : new DomainException(ErrorCodes.PhoneCodeExpired, $"The code was wrong {MaxCodeTries} times; the change is cancelled: ask for a new code.");
        }
        var current = await ProfileAsync();
        return await ApplyProfileAsync(current, current, PersonalSealing.OpenText(key, pending.Phone, Key, PendingPhonePurpose), PhoneChangeWays.Code, null,
            command.Actor);
    }

    /// <summary>
    /// Commits <paramref name="profile"/> (and <paramref name="newPhone"/>, when the phone changes <paramref name="way"/>):
    /// the new phone's claim and the release of the old one, the profile event, and for a phone change the new session
    /// stamp, the ledger entry and the sealed message to the old number, all in one write.
    /// </summary>
    private async Task<MemberView> ApplyProfileAsync(PersonalProfile current, PersonalProfile profile, string? newPhone, string way, string? reason, AuditActor? actor)
    {
        var now = Clock.GetUtcNow();
        var newClaim = newPhone is null ? (ClaimKey?)null : phones.ClaimFor(newPhone);
        if (newPhone is not null) profile = profile with { Phone = newPhone };
        var changed = new List<string>();
        if (profile.Name != current.Name) changed.Add("name");
        if (profile.Birthday != current.Birthday) changed.Add("birthday");
        if (profile.Email != current.Email) changed.Add("email");
        if (newClaim is not null) changed.Add("phone");
        if (profile.IdNumber != current.IdNumber) changed.Add("idNumber");
        var next = newClaim is { } c0 ? State with { PhoneClaim = c0.Key, PendingPhone = null, SessionStamp = Guid.NewGuid().ToString("N") } : State;
        next = next with { IdNumberClaim = IdNumberClaimOf(profile.IdNumber) ?? next.IdNumberClaim };
        var sealedState = await SealAsync(next, profile);
        PhoneChanged? phoneChanged = null;
        if (newClaim is not null)
        {
            var warning = current.Phone is { } old
                ? SealMessage(sealedState.Key, new PhoneMessage(old, $"The phone of your membership was changed to {profile.PhoneMask} on {now:yyyy-MM-dd HH:mm} UTC. If this was not you, tell the store at once."))
                : null;
            phoneChanged = new PhoneChanged(Key, way, reason, actor?.Id, actor?.Role, actor?.StoreId, now, warning);
        }
        try
        {
            // The new phone's claim and the release of the old one commit with the profile: lookups by either
            // phone are right before and after, never half-way.
            await CommitAsync(sealedState.State, w =>
            {
                sealedState.ClaimKey(w);
                if (newClaim is { } c)
                {
                    w.Claim(c, Key);
                    if (State.PhoneClaim is { } oldClaim) w.Release(new ClaimKey(PhoneIndex.Scope, oldClaim));
                }
                if (phoneChanged is not null) w.Journal(PhoneLedger, phoneChanged with { Message = null }).Publish("member.phone_changed", phoneChanged);
                MoveIdNumberClaim(w, State, sealedState.State, reason, actor);
                if (changed.Count > 0) w.Publish("member.profile_updated", new MemberProfileUpdated(Key, changed, now));
                Audit(w, actor);
            });
        }
        catch (ClaimConflictException e) when (IsIdNumberConflict(e))
        {
            throw IdNumberTaken();
        }
        catch (ClaimConflictException)
        {
            throw new DomainException(ErrorCodes.MemberExists, "Another member is registered with this phone.");
        }
        Remember(sealedState);
        return await ViewAsync();
    }

    private string SealMessage(byte[] key, PhoneMessage message) =>
        PersonalSealing.SealText(key, JsonSerializer.Serialize(message, GrainJsonContext.Default.PhoneMessage), Key, PhoneMessage.Purpose);

    // The code is kept only as an HMAC under the member's data key: reading the state does not give it away.
    private static string CodeHash(byte[] key, string code, DateTimeOffset requestedAt) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"phone-code:{code}:{requestedAt.UtcTicks}")));
}

/// <summary>How a phone change was allowed.</summary>
public static class PhoneChangeWays
{
    /// <summary>By a manager (admin or store manager), with a reason.</summary>
    public const string Manager = "manager";

    /// <summary>By the one-time code sent to the new phone.</summary>
    public const string Code = "code";
}

/// <summary>Outbox event of a code sent for a phone change: the message for the new phone, sealed.</summary>
public sealed record PhoneCodeSent(string MemberId, string Message, DateTimeOffset At);

/// <summary>
/// A phone change: how, why and by whom (an entry of the member's phone ledger), and in the outbox event the message
/// for the old number, sealed. Never the numbers.
/// </summary>
public sealed record PhoneChanged(string MemberId, string Way, string? Reason, string? By, string? Role, string? StoreId, DateTimeOffset At, string? Message = null);
