using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Grains.Cards;
using MemberCard.Grains.Rules;
using MemberCard.Grains.Shared;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Cards;

/// <summary>What a top-up would give; nothing was changed. Money in minor units.</summary>
public sealed record TopUpPreviewResponse(string CardNo, long Amount, long Bonus, long Balance, long Principal, long BonusBalance, int RulesVersion);

/// <summary>GET /cards/{cardNo}/top-up-preview: the bonus before the cashier confirms, for every role that may top up.</summary>
public static class TopUpPreviewEndpoints
{
    /// <summary>Maps the preview on the cards group.</summary>
    public static void MapTopUpPreview(this RouteGroupBuilder cards)
    {
        cards.MapGet("/top-up-preview", PreviewTopUp).WithName(nameof(PreviewTopUp))
            .WithSummary("What a top-up of `amount` would give: bonus and resulting balance; changes nothing")
            .WithDescription("A dry run of a top-up under the current rules (with `storeId`, under the version that store uses: a pilot "
                + "store's pilot version): the bonus of the highest step `amount` reaches, and the "
                + "balance, principal and bonus balance after it. Refused as the top-up would refuse it (frozen or closed card, "
                + "balance cap, a product without stored value). The top-up itself decides again when it is sent.")
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.CardFrozen, ErrorCodes.CardClosed, ErrorCodes.BalanceCapExceeded,
                ErrorCodes.ValidationFailed);
    }

    internal static async Task<Ok<TopUpPreviewResponse>> PreviewTopUp(
        string cardNo, long? amount, string? storeId, HttpContext context, IGrainFactory grains, CurrentRules current)
    {
        var check = new RequestRules();
        var value = check.Range("amount", amount, 1, CardEndpoints.MaxTopUp);
        var store = check.StoreId("storeId", storeId, required: false);
        check.ThrowIfAny();
        if (store.Length > 0) Caller.RequireStore(context.User, store);
        var card = await CardEndpoints.FindAsync(grains, cardNo);
        if (card.Status == CardStatuses.Closed) throw new DomainException(ErrorCodes.CardClosed, $"Card {cardNo} is closed.");
        if (card.Status == CardStatuses.Frozen) throw new DomainException(ErrorCodes.CardFrozen, $"Card {cardNo} is frozen.");
        var rules = store.Length > 0 ? await current.GetForStoreAsync(store) : await current.GetAsync();
        var bonus = TopUpTerms.Bonus(rules.ProductOfCard(card.ProductId), card.Balance, value);
        return TypedResults.Ok(new TopUpPreviewResponse(cardNo, value, bonus, card.Balance + value + bonus, card.Principal + value,
            card.BonusBalance + bonus, rules.Version));
    }
}
