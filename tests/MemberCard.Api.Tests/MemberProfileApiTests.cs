using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>Profile update (the phone index follows a phone change), tags.</summary>
public abstract class MemberProfileApiTests : ApiTests
{
    [StorageFact]
    public async Task PhoneChangeMovesTheLookupAndFreesTheOldPhone()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var (oldPhone, newPhone) = (PosClient.UniquePhone(), PosClient.UniquePhone());
        var member = (await pos.RegisterMemberAsync("S001", oldPhone)).Text("memberId");

        var updated = await PosClient.ExpectAsync(await pos.Http.PatchAsJsonAsync($"/api/v1/members/{member}",
            new { phone = newPhone, name = "Han Meimei", email = "han@example.com", reason = "new SIM, ID checked" }), HttpStatusCode.OK);
        Assert.Equal(($"{newPhone[..3]}****{newPhone[^4..]}", "Han Meimei", "han@example.com", "1990-05-01"),
            (updated.Text("phone"), updated.Text("name"), updated.Text("email"), updated.Text("birthday")));
        Assert.Equal(member, (await pos.PostJsonAsync("/api/v1/members/lookup", new { phone = newPhone }, HttpStatusCode.OK)).Text("memberId"));
        await ProblemAssert.IsAsync(await pos.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone = oldPhone }), HttpStatusCode.NotFound, "member_not_found");

        var other = (await pos.RegisterMemberAsync("S001", oldPhone)).Text("memberId"); // the old phone is free again
        await ProblemAssert.IsAsync(await pos.Http.PatchAsJsonAsync($"/api/v1/members/{other}", new { phone = newPhone, reason = "typo" }), HttpStatusCode.Conflict, "member_exists");
        Assert.Equal(other, (await pos.PostJsonAsync("/api/v1/members/lookup", new { phone = oldPhone }, HttpStatusCode.OK)).Text("memberId"));
        await ProblemAssert.IsAsync(await pos.Http.PatchAsJsonAsync($"/api/v1/members/{member}", new { birthday = "1990-13-01" }), HttpStatusCode.BadRequest, "validation_failed");
    }

    [StorageFact]
    public async Task TagsAreReplacedTrimmedAndDeduplicated()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var member = (await pos.RegisterMemberAsync("S001")).Text("memberId");
        var path = $"/api/v1/members/{member}/tags";

        var tagged = await PosClient.ExpectAsync(await pos.Http.PutAsJsonAsync(path, new { tags = new[] { "vip", " coffee ", "vip" } }), HttpStatusCode.OK);
        Assert.Equal(["vip", "coffee"], tagged.Field("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["vip", "coffee"], (await pos.GetJsonAsync($"/api/v1/members/{member}")).Field("tags").EnumerateArray().Select(t => t.GetString()));
        await ProblemAssert.IsAsync(await pos.Http.PutAsJsonAsync(path, new { tags = new[] { "" } }), HttpStatusCode.BadRequest, "validation_failed");
        var cleared = await PosClient.ExpectAsync(await pos.Http.PutAsJsonAsync(path, new { tags = Array.Empty<string>() }), HttpStatusCode.OK);
        Assert.Empty(cleared.Field("tags").EnumerateArray());
    }
}

public sealed class SqliteMemberProfileApiTests : MemberProfileApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
