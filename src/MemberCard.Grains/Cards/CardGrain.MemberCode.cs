using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;

namespace MemberCard.Grains.Cards;

/// <summary>
/// The card's dynamic member codes (<see cref="MemberCodes"/>): the card alone makes and checks them. A top-up or
/// purchase consumes its code in its own write, so a replay is refused after any restart and on every silo; two tills
/// with one code are decided one after the other, and only the first moves money.
/// </summary>
public sealed partial class CardGrain : ICardMemberCodeGrain
{
    // A random 9-digit alias colliding five times running means the alias space is nearly full, not bad luck.
    private const int AliasAttempts = 5;

    public async Task<MemberCodeIssued> IssueMemberCodeAsync(string memberId)
    {
        if (!StateExists || State.MemberId != memberId) throw new DomainException(ErrorCodes.CardNotFound, $"Card {Key} does not exist.");
        if (State.Status != CardStatuses.Active)
            throw new DomainException(ErrorCodes.MemberCodeInvalid, $"The card is {State.Status}: it has no member code.");
        for (var attempt = 0; State.CodeSecret is null; attempt++)
        {
            var alias = MemberCodes.NewAlias();
            try
            {
                await CommitAsync(State with { CodeSecret = MemberCodes.NewSecret(), CodeAlias = alias }, w => w.Claim(MemberCodes.ClaimFor(alias), Key));
            }
            catch (ClaimConflictException) when (attempt + 1 < AliasAttempts)
            {
            }
        }
        var step = MemberCodes.StepOf(Clock.GetUtcNow());
        return new MemberCodeIssued(MemberCodes.Format(State.CodeAlias!, State.CodeSecret, step), Key, MemberCodes.StartOf(step + 2),
            MemberCodes.StartOf(step + 1));
    }

    public Task<CardView> LookupByMemberCodeAsync(string code)
    {
        RequireCard();
        CodeStep(code);
        return Task.FromResult(ToView(State));
    }

    /// <summary>The step of a valid, unused code of this card (null when the till sent no code).</summary>
    private long? CodeStep(string? code)
    {
        if (code is null) return null;
        if (State.CodeSecret is not { } secret || State.Status != CardStatuses.Active
            || MemberCodes.Verify(code, State.CodeAlias!, secret, Clock.GetUtcNow()) is not { } step)
            throw MemberCodes.Invalid();
        if (State.CodeStepsUsed?.Contains(step) == true)
            throw new DomainException(ErrorCodes.MemberCodeUsed, "This member code was already used for a payment; ask the member for the next code.");
        return step;
    }

    /// <summary><paramref name="next"/> with the code of <paramref name="step"/> consumed (and codes too old to matter forgotten).</summary>
    private static CardState UsingCode(CardState next, long? step) =>
        step is not { } s ? next : next with { CodeStepsUsed = [.. (next.CodeStepsUsed ?? []).Where(used => used >= s - 1), s] };
}
