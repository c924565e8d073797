namespace MemberCard.Client.Tests;

public sealed class CouponClientTests(ClientTestServer server) : IClassFixture<ClientTestServer>
{
    [Fact]
    public async Task AMembersCouponIsQuotedThenRedeemedOnceAndListedAsUsed()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewFundedCardAsync(storeId, 10000);
        await Campaigns.IssueTenOffAsync(server, storeId, minimumSpend: 3000);

        var coupon = Assert.Single(await ToListAsync(client.Coupons.ListForMemberAsync(card.MemberId, CouponStatuses.Active)));
        var quote = await client.Coupons.QuoteAsync(card.CardNo, new QuoteRequest(storeId, 5000, CouponCode: coupon.Code));
        var tooSmall = await Assert.ThrowsAsync<MemberCardApiException>(() =>
            client.Coupons.QuoteAsync(card.CardNo, new QuoteRequest(storeId, 2000, CouponCode: coupon.Code)));
        var paid = await client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("C-1", storeId, 5000, 4000, CouponCode: coupon.Code));
        var second = await Assert.ThrowsAsync<MemberCardApiException>(() =>
            client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("C-2", storeId, 5000, 4000, CouponCode: coupon.Code)));
        var used = Assert.Single(await ToListAsync(client.Coupons.ListForMemberAsync(card.MemberId, CouponStatuses.Used)));

        Assert.Equal((CouponStatuses.Active, 1000L, 3000L), (coupon.Status, coupon.AmountOff, coupon.MinimumSpend));
        Assert.Equal((1000L, 4000L, 12000L), (quote.CouponDiscount, quote.Payable, quote.Balance));
        Assert.Equal((MemberCardErrorCode.CouponNotApplicable, 409), (tooSmall.Code, tooSmall.Status));
        Assert.Equal((1000L, 4000L, coupon.Code), (paid.Discount, paid.BalanceCharged, paid.CouponCode));
        Assert.Equal((MemberCardErrorCode.CouponAlreadyRedeemed, 409), (second.Code, second.Status));
        Assert.Equal((coupon.Code, "C-1"), (used.Code, used.UsedOrderNo));
        Assert.Empty(await ToListAsync(client.Coupons.ListForMemberAsync(card.MemberId, CouponStatuses.Active)));
    }

    [Fact]
    public async Task AMembersCouponsAreReadPageByPage()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewCardAsync(storeId);
        await Campaigns.IssueTenOffAsync(server, storeId);
        await Campaigns.IssueTenOffAsync(server, storeId);
        await Campaigns.IssueTenOffAsync(server, storeId);

        var all = await ToListAsync(client.Coupons.ListForMemberAsync(card.MemberId, pageSize: 2));
        var firstPage = await client.Coupons.ListForMemberPageAsync(card.MemberId, limit: 2);
        var lastPage = await client.Coupons.ListForMemberPageAsync(card.MemberId, limit: 2, cursor: firstPage.NextCursor);

        Assert.Equal(3, all.Select(c => c.Code).Distinct().Count());
        Assert.Equal(all.Select(c => c.Code), firstPage.Items.Concat(lastPage.Items).Select(c => c.Code));
        Assert.Null(lastPage.NextCursor);
    }

    [Fact]
    public async Task AQuoteWithoutACouponChangesNothing()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewFundedCardAsync(storeId, 10000);

        var quote = await client.Coupons.QuoteAsync(card.CardNo, new QuoteRequest(storeId, 5000));

        Assert.Equal((5000L, 0L, 5000L, 12000L), (quote.Amount, quote.Discount, quote.Payable, quote.Balance));
        Assert.Equal(12000, (await client.Cards.GetAsync(card.CardNo)).Balance);
        Assert.Single(await client.LedgerAsync(card.CardNo));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
