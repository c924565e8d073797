using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Audit;
using MemberCard.Grains.Cards;
using MemberCard.Grains.Privacy;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Rules;
using MemberCard.Grains.Shared;
using MemberCard.Runtime.Storage;

using MemberCard.Storage.State;

namespace MemberCard.Grains.Members;

/// <summary>
/// A member's profile and cards. Registration takes the phone's unique claim and the member's data key in the same
/// write; the personal fields are stored only sealed under that key (<see cref="PersonalSealing"/>). Every call that changes the member appends its audit entry in the same write.
/// </summary>
[GrainType("member")]
public sealed partial class MemberGrain(PhoneIndex phones, IdNumberIndex idNumbers, PersonalDataCipher cipher, CurrentRules currentRules, [AtomicState] IAtomicState<MemberState> state) : StateGrain<MemberState>(state), IMemberGrain
{
    /// <summary>Runtime log listing every registered member, so jobs such as re-encryption can visit them all.</summary>
    public const string DirectoryLog = "members";

    // A random 16-digit number colliding five times running means something is wrong, not bad luck.
    private const int CardNumberAttempts = 5;

    protected override MemberState CreateInitialState() => new(null, null, null, null, null, null, "", null, default, []);

    public async Task<MemberView> RegisterAsync(RegisterMember command)
    {
        if (StateExists) throw new DomainException(ErrorCodes.MemberExists, $"Member {Key} already exists.");
        var claim = phones.ClaimFor(command.Phone);
        var rules = await RulesAsync();
        var now = Clock.GetUtcNow();
        var sealedState = await SealAsync(CreateInitialState() with
        {
            PhoneClaim = claim.Key, Tier = rules.EntryTier(), StoreId = command.StoreId, CreatedAt = now, TierSince = now,
            IdNumberClaim = IdNumberClaimOf(command.IdNumber),
        }, new PersonalProfile(command.Phone, command.Name, command.Birthday, command.Email, command.IdNumber));
        try
        {
            // The member's data key is claimed in the registration's own write: no member without its key, no key
            // without its member.
            await CommitAsync(sealedState.State, w =>
            {
                sealedState.ClaimKey(w);
                w.Claim(claim, Key)
                    .Publish("member.registered", new MemberRegistered(Key, command.StoreId, now))
                    .Append(DirectoryLog, new MemberListed(Key));
                MoveIdNumberClaim(w, State, sealedState.State, null, command.Actor);
                Audit(w, command.Actor);
            });
        }
        catch (ClaimConflictException e) when (IsIdNumberConflict(e))
        {
            throw IdNumberTaken();
        }
        catch (ClaimConflictException)
        {
            throw new DomainException(ErrorCodes.MemberExists, "A member with this phone is already registered.");
        }
        Remember(sealedState);
        return await ViewAsync();
    }

    public async Task<MemberView?> GetAsync() => StateExists && !State.Erased ? await ViewAsync() : null;

    public async Task<CardIssued> IssueCardAsync(IssueCard command)
    {
        RequireMember();
        for (var attempt = 1; ; attempt++)
        {
            var cardNo = CardNumbers.New();
            try
            {
                await GrainFactory.GetGrain<ICardGrain>(cardNo).OpenAsync(new OpenCard(Key, State.Tier, command.ProductId));
            }
            catch (DomainException e) when (e.Code == ErrorCodes.CardExists && attempt < CardNumberAttempts)
            {
                continue;
            }
            // The card exists from here on; if this write fails the card still names its member.
            await CommitAsync(State with { Cards = [.. State.Cards, cardNo] }, w => Audit(w, command.Actor));
            return new CardIssued(cardNo);
        }
    }

    public async Task<MemberExport?> ExportAsync(AuditActor actor)
    {
        if (!StateExists) return null;
        var profile = await ProfileAsync();
        // An export reveals the phone in clear, so it is audited like a change (a write with no new state).
        await CommitAsync(State, w => Audit(w, actor));
        var s = State;
        return new MemberExport(Key, profile.Phone, profile.Name, profile.Birthday, profile.Email, s.Tier, s.StoreId, s.CreatedAt, s.Erased, s.Cards,
            profile.IdNumber);
    }

    public async Task<bool> EraseAsync(AuditActor actor)
    {
        if (!StateExists) return false;
        // The data key goes in the same write as the ciphertext: every older copy of the profile (row versions, WAL,
        // backups) is noise from here on. Cards and their ledgers stay: amounts and the member id, no personal data.
        var erased = State with
        {
            Personal = null, DataKey = null, BirthMonth = null, BirthDayOfMonth = null, PhoneClaim = null, Erased = true,
            PendingPhone = null, PhoneCodesSent = null, SessionStamp = Guid.NewGuid().ToString("N"),
            PhoneCipher = null, PhoneMask = null, Name = null, Birthday = null, Email = null, IdNumberClaim = null,
        };
        await CommitAsync(erased, w =>
        {
            if (State.IdNumberClaim is { } idClaim) w.Release(new ClaimKey(IdNumberIndex.Scope, idClaim));
            if (State.DataKey is { } key) w.Release(new ClaimKey(PersonalSealing.KeyScope, key));
            if (State.PhoneClaim is { } claim) w.Release(new ClaimKey(PhoneIndex.Scope, claim));
            Audit(w, actor);
        });
        _profile = null;
        _dataKey = null;
        return true;
    }

    /// <summary>
    /// Moves a state from before per-member keys to a data key of its own, or re-wraps the data key under the current
    /// master key (a new key row taken and the old one deleted in one write; the profile ciphertext stays as it is).
    /// </summary>
    public async Task<bool> ReencryptAsync()
    {
        if (!StateExists || State.Erased) return false;
        if (State.DataKey is null)
        {
            if (!State.HasLegacyPersonalFields) return false;
            var sealedState = await SealAsync(State, await ProfileAsync());
            await CommitAsync(sealedState.State, sealedState.ClaimKey);
            Remember(sealedState);
            return true;
        }
        // One read of the key row: which master key wrapped it, and the key itself.
        var stored = await StoredKeyAsync();
        if (PersonalDataCipher.KeyIdOf(PersonalSealing.WrappedKey(stored)) == cipher.CurrentKeyId) return false;
        var key = _dataKey ??= PersonalSealing.UnwrapKey(cipher, stored, Key);
        var old = State.DataKey;
        var name = PersonalSealing.ClaimName(Key);
        await CommitAsync(State with { DataKey = name }, w => w
            .Claim(new ClaimKey(PersonalSealing.KeyScope, name), cipher.Wrap(key, PersonalSealing.WrapContext(Key)))
            .Release(new ClaimKey(PersonalSealing.KeyScope, old)));
        return true;
    }

    private void RequireMember()
    {
        if (!StateExists || State.Erased) throw new DomainException(ErrorCodes.MemberNotFound, $"Member {Key} does not exist.");
    }

    private void Audit(GrainWriteBuilder write, AuditActor? actor) => write.Audit(actor, Key, Clock.GetUtcNow());

    private ValueTask<RuleSet> RulesAsync() => currentRules.GetAsync();

    private async ValueTask<MemberView> ViewAsync()
    {
        var s = State;
        var profile = await ProfileAsync();
        var now = Clock.GetUtcNow();
        return new(Key, profile.PhoneMask, profile.Name, profile.Birthday, profile.Email, s.Tier, s.StoreId, s.CreatedAt, s.Tags ?? [],
            Measure(now, points: false), Measure(now, points: true), (s.TierSince ?? s.CreatedAt).AddYears(1), profile.IdNumberMask);
    }
}

/// <summary>Outbox event of a registration.</summary>
public sealed record MemberRegistered(string MemberId, string? StoreId, DateTimeOffset At);

/// <summary>Entry of the member directory log.</summary>
public sealed record MemberListed(string MemberId);
