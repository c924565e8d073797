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
/// A member's profile and cards. Registration takes the phone's unique claim in the same write; the phone is
/// stored encrypted. Every call that changes the member appends its audit entry in the same write.
/// </summary>
[GrainType("member")]
public sealed partial class MemberGrain(PhoneIndex phones, PersonalDataCipher cipher, CurrentRules currentRules, [AtomicState] IAtomicState<MemberState> state) : StateGrain<MemberState>(state), IMemberGrain
{
    /// <summary>Runtime log listing every registered member, so jobs such as re-encryption can visit them all.</summary>
    public const string DirectoryLog = "members";

    // A random 16-digit number colliding five times running means something is wrong, not bad luck.
    private const int CardNumberAttempts = 5;

    protected override MemberState CreateInitialState() => new(null, "", null, null, null, null, "", null, default, []);

    public async Task<MemberView> RegisterAsync(RegisterMember command)
    {
        if (StateExists) throw new DomainException(ErrorCodes.MemberExists, $"Member {Key} already exists.");
        var claim = phones.ClaimFor(command.Phone);
        var rules = await RulesAsync();
        var now = Clock.GetUtcNow();
        var next = new MemberState(cipher.Encrypt(command.Phone, Key), PhoneIndex.Mask(command.Phone), claim.Key,
            command.Name, command.Birthday, command.Email, rules.EntryTier(), command.StoreId, now, [], TierSince: now);
        try
        {
            await CommitAsync(next, w =>
            {
                w.Claim(claim, Key)
                    .Publish("member.registered", new MemberRegistered(Key, command.StoreId, next.CreatedAt))
                    .Append(DirectoryLog, new MemberListed(Key));
                Audit(w, command.Actor);
            });
        }
        catch (ClaimConflictException)
        {
            throw new DomainException(ErrorCodes.MemberExists, "A member with this phone is already registered.");
        }
        return ToView(State);
    }

    public Task<MemberView?> GetAsync() => Task.FromResult(StateExists && !State.Erased ? ToView(State) : null);

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
        // An export reveals the phone in clear, so it is audited like a change (a write with no new state).
        await CommitAsync(State, w => Audit(w, actor));
        var s = State;
        return new MemberExport(Key, s.PhoneCipher is null ? null : cipher.Decrypt(s.PhoneCipher, Key), s.Name, s.Birthday,
            s.Email, s.Tier, s.StoreId, s.CreatedAt, s.Erased, s.Cards);
    }

    public async Task<bool> EraseAsync(AuditActor actor)
    {
        if (!StateExists) return false;
        // Cards and their ledgers stay: they hold amounts and the member id, no personal data.
        var erased = State with { PhoneCipher = null, PhoneMask = "", PhoneClaim = null, Name = null, Birthday = null, Email = null, Erased = true };
        await CommitAsync(erased, w =>
        {
            if (State.PhoneClaim is { } claim) w.Release(new ClaimKey(PhoneIndex.Scope, claim));
            Audit(w, actor);
        });
        return true;
    }

    public async Task<bool> ReencryptAsync()
    {
        if (!StateExists || State.PhoneCipher is not { } current || PersonalDataCipher.KeyIdOf(current) == cipher.CurrentKeyId) return false;
        var phone = cipher.Decrypt(current, Key);
        await CommitAsync(State with { PhoneCipher = cipher.Encrypt(phone, Key) });
        return true;
    }

    private void RequireMember()
    {
        if (!StateExists || State.Erased) throw new DomainException(ErrorCodes.MemberNotFound, $"Member {Key} does not exist.");
    }

    private void Audit(GrainWriteBuilder write, AuditActor? actor) => write.Audit(actor, Key, Clock.GetUtcNow());

    private ValueTask<RuleSet> RulesAsync() => currentRules.GetAsync();

    private MemberView ToView(MemberState s) =>
        new(Key, s.PhoneMask, s.Name, s.Birthday, s.Email, s.Tier, s.StoreId, s.CreatedAt, s.Tags ?? [],
            Measure(Clock.GetUtcNow(), points: false), Measure(Clock.GetUtcNow(), points: true), (s.TierSince ?? s.CreatedAt).AddYears(1));
}

/// <summary>Outbox event of a registration.</summary>
public sealed record MemberRegistered(string MemberId, string? StoreId, DateTimeOffset At);

/// <summary>Entry of the member directory log.</summary>
public sealed record MemberListed(string MemberId);
