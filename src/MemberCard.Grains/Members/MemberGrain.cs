using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Cards;
using MemberCard.Grains.Rules;
using MemberCard.Runtime;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Members;

/// <summary>A member's profile and cards. Registration takes the phone's unique claim in the same write.</summary>
[GrainType("member")]
public sealed class MemberGrain(PhoneIndex phones, IOptionsMonitor<LoyaltyRules> rules) : Grain<MemberState>, IMemberGrain
{
    // A random 16-digit number colliding five times running means something is wrong, not bad luck.
    private const int CardNumberAttempts = 5;

    protected override MemberState CreateInitialState() => new("", null, null, null, "", null, default, []);

    public async Task<MemberView> RegisterAsync(RegisterMember command)
    {
        if (StateExists) throw new DomainException(ErrorCodes.MemberExists, $"Member {GrainId.Key} already exists.");
        var next = new MemberState(command.Phone, command.Name, command.Birthday, command.Email,
            rules.CurrentValue.DefaultTier, command.StoreId, Clock.GetUtcNow(), []);
        try
        {
            await CommitAsync(next, w => w
                .Claim(phones.ClaimFor(command.Phone), GrainId.Key)
                .Publish("member.registered", new MemberRegistered(GrainId.Key, command.StoreId, next.CreatedAt)));
        }
        catch (ClaimConflictException)
        {
            throw new DomainException(ErrorCodes.MemberExists, "A member with this phone is already registered.");
        }
        return ToView(State);
    }

    public Task<MemberView?> GetAsync() => Task.FromResult(StateExists ? ToView(State) : null);

    public async Task<CardIssued> IssueCardAsync()
    {
        if (!StateExists) throw new DomainException(ErrorCodes.MemberNotFound, $"Member {GrainId.Key} does not exist.");
        for (var attempt = 1; ; attempt++)
        {
            var cardNo = CardNumbers.New();
            try
            {
                await GrainFactory.GetGrain<ICardGrain>(cardNo).OpenAsync(new OpenCard(GrainId.Key, State.Tier));
            }
            catch (DomainException e) when (e.Code == ErrorCodes.CardExists && attempt < CardNumberAttempts)
            {
                continue;
            }
            // The card exists from here on; if this write fails the card still names its member.
            await CommitAsync(State with { Cards = [.. State.Cards, cardNo] });
            return new CardIssued(cardNo);
        }
    }

    private MemberView ToView(MemberState s) =>
        new(GrainId.Key, PhoneIndex.Mask(s.Phone), s.Name, s.Birthday, s.Email, s.Tier, s.StoreId, s.CreatedAt);
}

/// <summary>Outbox event of a registration.</summary>
public sealed record MemberRegistered(string MemberId, string? StoreId, DateTimeOffset At);
