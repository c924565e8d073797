namespace MemberCard.Client.Tests;

/// <summary>The till example of src/MemberCard.Client/README.md, line for line (but the client and card made here).</summary>
public sealed class ReadmeExampleTests(ClientTestServer server) : IClassFixture<ClientTestServer>
{
    [Fact]
    public async Task TheReadmesTopUpPurchaseAndRefundRunAsWritten()
    {
        using var setup = server.CreateMemberCardClient();
        await setup.Stores.CreateAsync(new CreateStoreRequest("S001", "Xujiahui"));
        var cardNo = (await setup.NewCardAsync("S001")).CardNo;
        var output = new StringWriter();
        var declined = false;

        using var pos = server.CreateMemberCardClient();
        var card = await pos.Cards.GetAsync(cardNo);
        var topUp = await pos.Cards.TopUpAsync(card.CardNo, new TopUpRequest(Amount: 10000, StoreId: "S001"));   // ¥100, +¥20 bonus
        try
        {
            await pos.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("A-1001", "S001", Amount: 5000, BalanceAmount: 5000));
        }
        catch (MemberCardApiException e) when (e.Code == MemberCardErrorCode.InsufficientBalance) { declined = true; }
        var refund = await pos.Cards.RefundAsync(card.CardNo, new RefundRequest("A-1001", "S001"));              // all of the order
        output.WriteLine($"bonus {topUp.Bonus}; now balance {refund.Balance} 分, points {refund.Points}");

        Assert.False(declined);
        Assert.Equal("bonus 2000; now balance 12000 分, points 0", output.ToString().TrimEnd());
    }
}
