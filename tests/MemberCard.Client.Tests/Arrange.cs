namespace MemberCard.Client.Tests;

/// <summary>Setting the scene through the client itself.</summary>
public static class Arrange
{
    /// <summary>Creates a store with a fresh id and returns the id.</summary>
    public static async Task<string> NewStoreAsync(this MemberCardClient client)
    {
        var storeId = ClientTestServer.NewStoreId();
        await client.Stores.CreateAsync(new CreateStoreRequest(storeId, "Till test store"));
        return storeId;
    }

    /// <summary>Registers a member at the store and issues a card to them.</summary>
    public static async Task<Card> NewCardAsync(this MemberCardClient client, string storeId)
    {
        var member = await client.Members.RegisterAsync(new RegisterMemberRequest(ClientTestServer.NewPhone(), "Li Lei", "1990-05-01", null, storeId));
        return await client.Members.IssueCardAsync(member.MemberId);
    }

    /// <summary>A card in the store holding <paramref name="topUp"/> plus its bonus.</summary>
    public static async Task<Card> NewFundedCardAsync(this MemberCardClient client, string storeId, long topUp)
    {
        var card = await client.NewCardAsync(storeId);
        await client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(topUp, storeId));
        return card;
    }

    /// <summary>The card's whole ledger, newest first.</summary>
    public static async Task<List<Transaction>> LedgerAsync(this MemberCardClient client, string cardNo, int pageSize = 200)
    {
        var items = new List<Transaction>();
        await foreach (var item in client.Cards.ListTransactionsAsync(cardNo, pageSize)) items.Add(item);
        return items;
    }
}
