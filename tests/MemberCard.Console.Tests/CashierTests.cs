namespace MemberCard.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class CashierTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task ACashierTopsUpAndPaysAndTheMemberPageLedgerShowsBothWithTheRightBalance()
    {
        var (memberId, cardNo) = await fixture.Api.MemberWithCardAsync(ConsoleFixture.Store);
        var console = await fixture.SignInAsync("cashier");
        await console.MenuAsync("cashier");
        await console.Input("card-field").FillAsync(cardNo);
        await console.Input("card-field").PressAsync("Enter"); // what a barcode scanner types
        await Assertions.Expect(console.Test("cashier-card")).ToHaveTextAsync(cardNo);

        // Top up ¥100: the rules give ¥20 bonus (充100送20), shown to the cashier before confirming (the server's
        // preview; a cashier may not read the rule set) and on the receipt.
        await console.Input("topup-amount").FillAsync("100");
        await console.Test("topup-prepare").ClickAsync();
        await Assertions.Expect(console.Test("topup-bonus")).ToHaveTextAsync("20.00");
        await Assertions.Expect(console.Test("topup-balance-after")).ToHaveTextAsync("120.00");
        await console.ScreenshotAsync("cashier-topup");
        await console.Test("topup-confirm").ClickAsync();
        await Assertions.Expect(console.Test("cashier-balance")).ToHaveTextAsync("¥120.00");
        await Assertions.Expect(console.Test("receipt")).ToContainTextAsync("20.00");

        // Pay ¥35.50: quote first, then confirm.
        await console.Input("pay-amount").FillAsync("35.50");
        await console.Test("pay-quote").ClickAsync();
        await Assertions.Expect(console.Test("quote-payable")).ToHaveTextAsync("35.50");
        await console.ScreenshotAsync("cashier");
        await console.Test("pay-confirm").ClickAsync();
        await Assertions.Expect(console.Test("cashier-balance")).ToHaveTextAsync("¥84.50");

        await console.MenuAsync("members");
        await console.Input("lookup-text").FillAsync(memberId);
        await console.Test("lookup-submit").ClickAsync();
        await Assertions.Expect(console.Test("member-id")).ToHaveTextAsync(memberId);
        var rows = console.Test("ledger-table").Locator(".el-table__body tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0).Locator("[data-type]")).ToHaveAttributeAsync("data-type", "purchase");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("消费");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("84.50");
        await Assertions.Expect(rows.Nth(1).Locator("[data-type]")).ToHaveAttributeAsync("data-type", "top_up");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("充值");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("120.00");
        await Assertions.Expect(console.Test("card-balance")).ToHaveTextAsync("84.50");
        // The console's phone is the masked one the API answers.
        await Assertions.Expect(console.Test("member-phone")).ToContainTextAsync("****");
        await console.ScreenshotAsync("member");
        Assert.Empty(console.Errors);
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task ADoubleClickedPayChargesOnce()
    {
        var (_, cardNo) = await fixture.Api.MemberWithCardAsync(ConsoleFixture.Store);
        await fixture.Api.TopUpAsync(cardNo, 10000, ConsoleFixture.Store);
        var console = await fixture.SignInAsync("cashier");
        await console.MenuAsync("cashier");
        await console.Input("card-field").FillAsync(cardNo);
        await console.Input("card-field").PressAsync("Enter");
        await Assertions.Expect(console.Test("cashier-balance")).ToHaveTextAsync("¥120.00");
        await console.Input("pay-amount").FillAsync("10");
        await console.Test("pay-quote").ClickAsync();
        await Assertions.Expect(console.Test("quote-payable")).ToHaveTextAsync("10.00");
        await console.Test("pay-confirm").DblClickAsync();
        await Assertions.Expect(console.Test("cashier-balance")).ToHaveTextAsync("¥110.00");
        await console.Page.WaitForTimeoutAsync(1000);

        var ledger = await fixture.Api.LedgerAsync(cardNo);
        Assert.Single(ledger, e => e!["type"]!.GetValue<string>() == "purchase");
        Assert.Equal(11000, SeedApi.Long((await fixture.Api.GetAsync($"/api/v1/cards/{cardNo}"))["balance"]));
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnUnknownCardShowsTheApiMessageAndCode()
    {
        var console = await fixture.SignInAsync("cashier");
        await console.MenuAsync("cashier");
        await console.Input("card-field").FillAsync("6214000000000000");
        await console.Input("card-field").PressAsync("Enter");
        await Assertions.Expect(console.Test("error-code")).ToContainTextAsync("card_not_found");
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACashierRefundsAnOrderByItsNumber()
    {
        var (_, cardNo) = await fixture.Api.MemberWithCardAsync(ConsoleFixture.Store);
        await fixture.Api.TopUpAsync(cardNo, 10000, ConsoleFixture.Store);
        var purchase = await fixture.Api.PurchaseAsync(cardNo, 5000, ConsoleFixture.Store);
        var console = await fixture.SignInAsync("cashier");
        await console.MenuAsync("cashier");
        await console.Input("card-field").FillAsync(cardNo);
        await console.Input("card-field").PressAsync("Enter");
        await Assertions.Expect(console.Test("cashier-balance")).ToHaveTextAsync("¥70.00");
        await console.Input("refund-order").FillAsync(purchase["orderNo"]!.GetValue<string>());
        await console.Test("refund-prepare").ClickAsync();
        await console.Test("refund-confirm").ClickAsync();
        await Assertions.Expect(console.Test("cashier-balance")).ToHaveTextAsync("¥120.00");
        await console.Page.Context.CloseAsync();
    }
}
