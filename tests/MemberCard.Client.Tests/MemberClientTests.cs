namespace MemberCard.Client.Tests;

public sealed class MemberClientTests(ClientTestServer server) : IClassFixture<ClientTestServer>
{
    [Fact]
    public async Task RegisteredMemberIsFoundByIdAndByPhoneWithTheNumberMasked()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var phone = ClientTestServer.NewPhone();

        var registered = await client.Members.RegisterAsync(new RegisterMemberRequest(phone, "Li Lei", "1990-05-01", "li@example.com", storeId));
        var byId = await client.Members.GetAsync(registered.MemberId);
        var byPhone = await client.Members.LookupByPhoneAsync(phone);

        Assert.Equal($"{phone[..3]}****{phone[^4..]}", registered.Phone);
        Assert.Equal(("Li Lei", "1990-05-01", "li@example.com", storeId), (registered.Name, registered.Birthday, registered.Email, registered.StoreId));
        Assert.Equal(registered.MemberId, byId.MemberId);
        Assert.Equal(registered.MemberId, byPhone.MemberId);
        Assert.False(string.IsNullOrEmpty(registered.Tier));
    }

    [Fact]
    public async Task AMemberIsFoundByIdNumberWhichEveryAnswerMasks()
    {
        using var client = server.CreateMemberCardClient();
        var idNumber = ClientTestServer.NewIdNumber();
        var member = await client.Members.RegisterAsync(new RegisterMemberRequest(ClientTestServer.NewPhone()));
        Assert.Null(member.IdNumberMask);

        var updated = await client.Members.UpdateAsync(member.MemberId, new UpdateMemberRequest(IdNumber: idNumber.ToLowerInvariant()));
        var found = await client.Members.LookupByIdNumberAsync(idNumber);

        var mask = idNumber[..3] + new string('*', 11) + idNumber[^4..];
        Assert.Equal((member.MemberId, mask), (found.MemberId, found.IdNumberMask));
        Assert.Equal(mask, updated.IdNumberMask);
        var unknown = await Assert.ThrowsAsync<MemberCardApiException>(() => client.Members.LookupByIdNumberAsync(ClientTestServer.NewIdNumber()));
        Assert.Equal(MemberCardErrorCode.MemberNotFound, unknown.Code);
    }

    [Fact]
    public async Task UpdateChangesOnlyTheFieldsGiven()
    {
        using var client = server.CreateMemberCardClient();
        var member = await client.Members.RegisterAsync(new RegisterMemberRequest(ClientTestServer.NewPhone(), "Li Lei", "1990-05-01"));

        var updated = await client.Members.UpdateAsync(member.MemberId, new UpdateMemberRequest(Name: "Han Meimei"));

        Assert.Equal("Han Meimei", updated.Name);
        Assert.Equal("1990-05-01", updated.Birthday);
        Assert.Equal(member.Phone, updated.Phone);
        Assert.Equal("Han Meimei", (await client.Members.GetAsync(member.MemberId)).Name);
    }

    [Fact]
    public async Task SetTagsReplacesTheTagsTrimmedAndWithoutDuplicates()
    {
        using var client = server.CreateMemberCardClient();
        var member = await client.Members.RegisterAsync(new RegisterMemberRequest(ClientTestServer.NewPhone()));
        await client.Members.SetTagsAsync(member.MemberId, ["old"]);

        var tagged = await client.Members.SetTagsAsync(member.MemberId, ["vip", " coffee ", "vip"]);

        Assert.Equal(["vip", "coffee"], tagged.Tags);
        Assert.Equal(["vip", "coffee"], (await client.Members.GetAsync(member.MemberId)).Tags);
    }

    [Fact]
    public async Task IssuedCardsAreListedOldestFirst()
    {
        using var client = server.CreateMemberCardClient();
        var member = await client.Members.RegisterAsync(new RegisterMemberRequest(ClientTestServer.NewPhone()));

        var first = await client.Members.IssueCardAsync(member.MemberId);
        var second = await client.Members.IssueCardAsync(member.MemberId);
        var cards = await client.Members.ListCardsAsync(member.MemberId);

        Assert.Equal(member.MemberId, first.MemberId);
        Assert.Equal((CardStatuses.Active, 0L, 0L), (first.Status, first.Balance, first.Points));
        Assert.True(first.CardNo.All(char.IsAsciiDigit), first.CardNo);
        Assert.Equal([first.CardNo, second.CardNo], cards.Select(c => c.CardNo));
    }

    [Fact]
    public async Task ANewMemberHasNoTierChanges()
    {
        using var client = server.CreateMemberCardClient();
        var member = await client.Members.RegisterAsync(new RegisterMemberRequest(ClientTestServer.NewPhone()));

        Assert.Empty(await client.Members.ListTierChangesAsync(member.MemberId, limit: 10));
        Assert.Empty(await client.Members.ListTierChangesAsync(member.MemberId));
    }
}
