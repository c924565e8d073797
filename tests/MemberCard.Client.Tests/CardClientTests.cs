namespace MemberCard.Client.Tests;

public sealed class CardClientTests(ClientTestServer server) : IClassFixture<ClientTestServer>
{
    [Fact]
    public async Task TopUpAddsAmountAndBonusAndTheSameKeyAgainReplaysIt()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewCardAsync(storeId);
        var key = IdempotencyKeys.New();

        var first = await client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(10000, storeId), key);
        var again = await client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(10000, storeId), key);

        Assert.Equal(("top_up", 10000L, 2000L, 12000L), (first.Type, first.Amount, first.Bonus, first.Balance));
        Assert.Equal(first, again);
        Assert.Equal(12000, (await client.Cards.GetAsync(card.CardNo)).Balance);
        Assert.Single(await client.LedgerAsync(card.CardNo));
    }

    [Fact]
    public async Task APreviewShowsTheBonusAndBalanceAndChangesNothing()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewCardAsync(storeId);

        var preview = await client.Cards.PreviewTopUpAsync(card.CardNo, 10000);
        var refused = await Assert.ThrowsAsync<MemberCardApiException>(() => client.Cards.PreviewTopUpAsync(card.CardNo, 0));

        Assert.Equal((card.CardNo, 10000L, 2000L, 12000L, 10000L, 2000L), (preview.CardNo, preview.Amount, preview.Bonus, preview.Balance, preview.Principal, preview.BonusBalance));
        Assert.True(preview.RulesVersion >= 1);
        Assert.Equal(MemberCardErrorCode.ValidationFailed, refused.Code);
        Assert.Equal(0, (await client.Cards.GetAsync(card.CardNo)).Balance);
        Assert.Empty(await client.LedgerAsync(card.CardNo));
        var topUp = await client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(10000, storeId));
        Assert.Equal((preview.Bonus, preview.Balance), (topUp.Bonus, topUp.Balance));
    }

    [Fact]
    public async Task PurchaseChargesTheBalanceAndTheSameOrderAgainIsAnsweredNotCharged()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewFundedCardAsync(storeId, 10000); // 12000 with the bonus
        var order = new PurchaseRequest("A-1001", storeId, 5000, 5000);

        var paid = await client.Cards.PurchaseAsync(card.CardNo, order);
        var again = await client.Cards.PurchaseAsync(card.CardNo, order);

        Assert.Equal(("purchase", "A-1001", 5000L, 7000L), (paid.Type, paid.OrderNo, paid.BalanceCharged, paid.Balance));
        Assert.True(paid.PointsEarned > 0);
        Assert.Equal(paid, again);
        Assert.Equal(7000, (await client.Cards.GetAsync(card.CardNo)).Balance);
    }

    [Fact]
    public async Task RefundWithoutAnAmountReturnsWhatIsLeftOfTheOrder()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewFundedCardAsync(storeId, 10000);
        var paid = await client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("R-1", storeId, 3000, 3000));

        var part = await client.Cards.RefundAsync(card.CardNo, new RefundRequest("R-1", storeId, 1000));
        var rest = await client.Cards.RefundAsync(card.CardNo, new RefundRequest("R-1", storeId));

        Assert.Equal(("refund", 1000L, 1000L), (part.Type, part.Amount, part.BalanceRefunded));
        Assert.Equal((2000L, 12000L), (rest.Amount, rest.Balance));
        Assert.Equal(paid.PointsEarned, part.PointsReversed + rest.PointsReversed);
    }

    [Fact]
    public async Task AFrozenCardRefusesTopUpsUntilItIsUnfrozen()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewCardAsync(storeId);

        var frozen = await client.Cards.FreezeAsync(card.CardNo, "lost wallet");
        var refused = await Assert.ThrowsAsync<MemberCardApiException>(() => client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(1000, storeId)));
        var unfrozen = await client.Cards.UnfreezeAsync(card.CardNo);
        var topUp = await client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(1000, storeId));

        Assert.Equal(CardStatuses.Frozen, frozen.Status);
        Assert.Equal(MemberCardErrorCode.CardFrozen, refused.Code);
        Assert.Equal(CardStatuses.Active, unfrozen.Status);
        Assert.Equal(1000, topUp.Balance);
    }

    [Fact]
    public async Task ReplacingALostCardMovesItsBalanceToTheNewCard()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewFundedCardAsync(storeId, 10000);

        var replacement = await client.Cards.ReplaceAsync(card.CardNo, "reported lost");
        var again = await client.Cards.ReplaceAsync(card.CardNo, "reported lost");
        var old = await client.Cards.GetAsync(card.CardNo);

        Assert.NotEqual(card.CardNo, replacement.CardNo);
        Assert.Equal((12000L, card.CardNo), (replacement.Balance, replacement.ReplacedFrom));
        Assert.Equal(replacement.CardNo, again.CardNo);
        Assert.Equal((replacement.CardNo, 0L), (old.ReplacedBy, old.Balance));
    }

    [Fact]
    public async Task TheLedgerIsReadPageByPageAndAddsUpToTheBalanceAndPoints()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewFundedCardAsync(storeId, 10000);
        for (var i = 1; i <= 3; i++) await client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest($"L-{i}", storeId, 1000, 1000));
        await client.Cards.RefundAsync(card.CardNo, new RefundRequest("L-1", storeId));

        var entries = new List<Transaction>();
        await foreach (var entry in client.Cards.ListTransactionsAsync(card.CardNo, pageSize: 2)) entries.Add(entry);
        var firstPage = await client.Cards.ListTransactionsPageAsync(card.CardNo, limit: 2);
        var secondPage = await client.Cards.ListTransactionsPageAsync(card.CardNo, limit: 2, cursor: firstPage.NextCursor);
        var state = await client.Cards.GetAsync(card.CardNo);

        Assert.Equal(["refund", "purchase", "purchase", "purchase", "top_up"], entries.Select(e => e.Type));
        Assert.Equal(entries.Count, entries.Select(e => e.TransactionId).Distinct().Count());
        Assert.Equal(state.Balance, entries.Sum(e => e.BalanceDelta));
        Assert.Equal(state.Points, entries.Sum(e => e.PointsDelta));
        Assert.Equal(entries.Take(4).Select(e => e.TransactionId), firstPage.Items.Concat(secondPage.Items).Select(e => e.TransactionId));
        Assert.NotNull(secondPage.NextCursor);
    }

    [Fact]
    public async Task EnumeratingTheLedgerStopsWhenCancelled()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewFundedCardAsync(storeId, 1000);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.Cards.ListTransactionsAsync(card.CardNo).WithCancellation(cancelled.Token))
            {
            }
        });
    }
}
