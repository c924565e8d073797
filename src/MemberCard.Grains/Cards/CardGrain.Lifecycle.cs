using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Audit;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Cards;

public sealed partial class CardGrain
{
    // A random 16-digit number colliding five times running means something is wrong, not bad luck.
    private const int CardNumberAttempts = 5;

    public async Task<CardView> ReplaceAsync(ReplaceCard command)
    {
        RequireCard();
        if (State.OutgoingTransfer is null)
        {
            RequireOpen();
            await ExpireDueLotsAsync();
            var newCardNo = await FreeCardNumberAsync();
            var rules = await RulesAsync();
            var transfer = new CardTransfer(Key, State.MemberId, State.ProductId, State.Tier, State.Principal, State.Bonus,
                State.PointLots, rules.Version, command.Reason);
            var t = NewTransaction(Guid.CreateVersion7().ToString("N"), TransactionTypes.TransferOut, "", null,
                -State.Principal, -State.Bonus, -State.Points, rules.Version) with
            {
                RelatedCardNo = newCardNo,
                Reason = command.Reason is null ? "reported lost" : $"reported lost: {command.Reason}",
            };
            var next = Apply(State, t) with
            {
                Status = CardStatuses.Closed, Lots = [], ReplacedBy = newCardNo, OutgoingTransfer = transfer,
            };
            await CommitAsync(next, w => w
                .Journal(t.Type, t)
                .Publish($"card.{t.Type}", t)
                .Audit(command.Actor, Key, t.CreatedAt));
        }
        else if (command.Actor is not null)
        {
            await CommitAsync(State, w => w.Audit(command.Actor, Key, Clock.GetUtcNow()));
        }
        // Both steps below are idempotent, so a repeat of a half-finished replacement completes it.
        var replacement = GrainFactory.GetGrain<ICardGrain>(State.ReplacedBy!);
        var view = await replacement.ReceiveTransferAsync(State.OutgoingTransfer!);
        await GrainFactory.GetGrain<IMemberGrain>(State.MemberId).AttachCardAsync(view.CardNo);
        return view;
    }

    public async Task<CardView> ReceiveTransferAsync(CardTransfer transfer)
    {
        if (StateExists)
        {
            return State.ReplacedFrom == transfer.FromCardNo
                ? ToView(State)
                : throw new DomainException(ErrorCodes.CardExists, $"Card {Key} already exists.");
        }
        var points = transfer.Lots.Sum(l => l.Remaining);
        var t = NewTransaction(Guid.CreateVersion7().ToString("N"), TransactionTypes.TransferIn, "", null,
            transfer.Principal, transfer.Bonus, points, transfer.RulesVersion) with
        {
            RelatedCardNo = transfer.FromCardNo,
            Reason = transfer.Reason is null ? "replaces a lost card" : $"replaces a lost card: {transfer.Reason}",
        };
        var next = Apply(new CardState(transfer.MemberId, CardStatuses.Active, 0, 0, transfer.Tier, t.CreatedAt,
            ProductId: transfer.ProductId, Lots: transfer.Lots, ReplacedFrom: transfer.FromCardNo), t);
        await CommitAsync(next, w => w
            .Journal(t.Type, t)
            .Publish("card.opened", ToView(next))
            .Publish($"card.{t.Type}", t));
        return ToView(State);
    }

    public async Task<CardTransaction> CloseAsync(CloseCard command)
    {
        RequireCard();
        if (State.Status == CardStatuses.Closed)
        {
            if (State.ReplacedBy is not null) RequireOpen();
            // Closing is the last entry a closed card ever writes: a repeat answers it.
            var last = await ReadJournalAsync(new JournalQuery(1, null));
            if (command.Actor is not null) await CommitAsync(State, w => w.Audit(command.Actor, Key, Clock.GetUtcNow()));
            return Deserialize(last[0].Json);
        }
        await ExpireDueLotsAsync();
        var rules = await RulesAsync();
        var principal = State.Principal;
        var t = NewTransaction(Guid.CreateVersion7().ToString("N"), TransactionTypes.Closing, "", null,
            -principal, -State.Bonus, -State.Points, rules.Version) with
        {
            Amount = principal,
            BalanceRefunded = principal,
            Reason = $"closed{(command.Reason is null ? "" : $": {command.Reason}")}; principal {principal} refunded, bonus {State.Bonus} and {State.Points} points forfeited",
        };
        await CommitAsync(Apply(State, t) with { Status = CardStatuses.Closed, Lots = [] }, w => w
            .Journal(t.Type, t)
            .Publish($"card.{t.Type}", t)
            .Audit(command.Actor, Key, t.CreatedAt));
        return t;
    }

    private async Task<CardView> ChangeStatusAsync(string status, ChangeCardStatus command)
    {
        RequireCard();
        RequireOpen();
        if (State.Status == status)
        {
            if (command.Actor is not null) await CommitAsync(State, w => w.Audit(command.Actor, Key, Clock.GetUtcNow()));
            return ToView(State);
        }
        var next = State with { Status = status };
        await CommitAsync(next, w => w
            .Publish($"card.{status}", new CardStatusChanged(Key, status, command.Reason, Clock.GetUtcNow()))
            .Audit(command.Actor, Key, Clock.GetUtcNow()));
        return ToView(State);
    }

    private async Task<string> FreeCardNumberAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var cardNo = CardNumbers.New();
            if (await GrainFactory.GetGrain<ICardGrain>(cardNo).GetAsync() is null || attempt == CardNumberAttempts) return cardNo;
        }
    }
}

/// <summary>Outbox event of a freeze or unfreeze.</summary>
public sealed record CardStatusChanged(string CardNo, string Status, string? Reason, DateTimeOffset At);
