using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>POST /members, GET /members/{memberId}, POST /members/lookup.</summary>
public abstract class MemberApiTests : ApiTests
{
    [StorageFact]
    public async Task RegisteredMemberHasMaskedPhoneAndCanBeReadBack()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");

        var response = await pos.PostMemberAsync(new { phone = "13812345678", name = "Li Lei", birthday = "1990-05-01", email = (string?)null, storeId = "S001" });

        var member = await PosClient.ExpectAsync(response, HttpStatusCode.Created);
        var memberId = member.Text("memberId");
        Assert.Matches("^[0-9a-f]{32}$", memberId);
        Assert.Equal($"/api/v1/members/{memberId}", response.Headers.Location?.OriginalString);
        Assert.Equal("138****5678", member.Text("phone"));
        Assert.Equal("Li Lei", member.Text("name"));
        Assert.Equal("1990-05-01", member.Text("birthday"));
        Assert.Equal("standard", member.Text("tier"));
        Assert.Equal("S001", member.Text("storeId"));
        member.Timestamp("createdAt");
        Assert.DoesNotContain("13812345678", member.GetRawText());
        var read = await PosClient.ExpectAsync(await pos.Http.GetAsync($"/api/v1/members/{memberId}"), HttpStatusCode.OK);
        Assert.Equal(member.GetRawText(), read.GetRawText());
    }

    [StorageFact]
    public async Task LookupByPhoneFindsTheMemberWhateverTheSpacingAndUnknownPhoneIsMemberNotFound()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        var member = await pos.RegisterMemberAsync(phone: "13812345678");

        var found = await PosClient.ExpectAsync(
            await pos.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone = "13812345678" }), HttpStatusCode.OK);
        var spaced = await PosClient.ExpectAsync(
            await pos.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone = "138 1234-5678" }), HttpStatusCode.OK);

        Assert.Equal(member.GetRawText(), found.GetRawText());
        Assert.Equal(member.GetRawText(), spaced.GetRawText());
        var unknown = await ProblemAssert.IsAsync(
            await pos.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone = "13812345679" }), HttpStatusCode.NotFound, "member_not_found");
        Assert.DoesNotContain("12345679", unknown.GetRawText());
        await ProblemAssert.ValidationAsync(await pos.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone = "12ab" }), "phone");
        await ProblemAssert.ValidationAsync(await pos.Http.PostAsJsonAsync("/api/v1/members/lookup", new { }), "phone");
    }

    [StorageFact]
    public async Task RegisteringATakenPhoneIsMemberExists()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        var first = await pos.RegisterMemberAsync(phone: "13812345678");

        var taken = await ProblemAssert.IsAsync(
            await pos.PostMemberAsync(new { phone = "13812345678", name = "Han Meimei" }), HttpStatusCode.Conflict, "member_exists");
        Assert.DoesNotContain("12345678", taken.GetRawText());
        // The same number written with spaces and dashes is the same phone.
        await ProblemAssert.IsAsync(await pos.PostMemberAsync(new { phone = "138-1234 5678" }), HttpStatusCode.Conflict, "member_exists");

        var found = await PosClient.ExpectAsync(
            await pos.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone = "13812345678" }), HttpStatusCode.OK);
        Assert.Equal(first.Text("memberId"), found.Text("memberId"));
        Assert.Equal("Li Lei", found.Text("name"));
    }

    [StorageFact]
    public async Task ConcurrentRegistrationsOfOnePhoneLetExactlyOneWin()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        var phone = PosClient.UniquePhone();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => pos.PostMemberAsync(new { phone, name = $"Racer {i}" })));

        var winner = await PosClient.ExpectAsync(Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created), HttpStatusCode.Created);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await ProblemAssert.IsAsync(loser, HttpStatusCode.Conflict, "member_exists");
        var found = await PosClient.ExpectAsync(await pos.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone }), HttpStatusCode.OK);
        Assert.Equal(winner.Text("memberId"), found.Text("memberId"));
    }

    [StorageFact]
    public async Task RegistrationAtUnknownStoreIsStoreNotFoundAndTakesNoPhone()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        var phone = PosClient.UniquePhone();

        await ProblemAssert.IsAsync(await pos.PostMemberAsync(new { phone, storeId = "NOPE" }), HttpStatusCode.NotFound, "store_not_found");

        await ProblemAssert.IsAsync(await pos.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone }), HttpStatusCode.NotFound, "member_not_found");
        await pos.RegisterMemberAsync(phone: phone);
    }

    [StorageFact]
    public async Task InvalidMemberFieldsAreValidationFailedAndRegisterNothing()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        var phone = PosClient.UniquePhone();

        await ProblemAssert.ValidationAsync(await pos.PostMemberAsync(new { phone = "12345" }), "phone");
        await ProblemAssert.ValidationAsync(await pos.PostMemberAsync(new { phone = "123456789012345678901" }), "phone");
        await ProblemAssert.ValidationAsync(await pos.PostMemberAsync(new { phone = "1381234567x" }), "phone");
        await ProblemAssert.ValidationAsync(await pos.PostMemberAsync(new { name = "No phone" }), "phone");
        await ProblemAssert.ValidationAsync(await pos.PostMemberAsync(new { phone, birthday = "01/05/1990" }), "birthday");
        await ProblemAssert.ValidationAsync(await pos.PostMemberAsync(new { phone, birthday = "2999-01-01" }), "birthday");
        await ProblemAssert.ValidationAsync(await pos.PostMemberAsync(new { phone, email = "not-an-address" }), "email");
        await ProblemAssert.ValidationAsync(await pos.PostMemberAsync(new { phone, name = new string('n', 101) }), "name");
        await ProblemAssert.ValidationAsync(await pos.PostMemberAsync(new { phone, storeId = "bad store!" }), "storeId");

        await ProblemAssert.IsAsync(await pos.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone }), HttpStatusCode.NotFound, "member_not_found");
    }

    [StorageFact]
    public async Task InternationalPhoneIsAcceptedAndMasked()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();

        var member = await pos.RegisterMemberAsync(phone: "+8613812345678");

        Assert.Equal("+86****5678", member.Text("phone"));
        var found = await PosClient.ExpectAsync(
            await pos.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone = "+86 138 1234 5678" }), HttpStatusCode.OK);
        Assert.Equal(member.Text("memberId"), found.Text("memberId"));
    }

    [StorageFact]
    public async Task UnknownMemberIsMemberNotFound()
    {
        await using var app = await StartAsync();
        var pos = app.CreateAdminPos();
        var ids = new[] { new string('0', 32), "0190a1b2c3d4e5f60718293a4b5c6d7e", "nope", "..%2Fx", new string('a', 5000), "%E4%BC%9A%E5%91%98" };

        foreach (var id in ids)
        {
            await ProblemAssert.IsAsync(await pos.Http.GetAsync($"/api/v1/members/{id}"), HttpStatusCode.NotFound, "member_not_found");
            await ProblemAssert.IsAsync(
                await pos.Http.PostAsJsonAsync($"/api/v1/members/{id}/cards", new { }), HttpStatusCode.NotFound, "member_not_found");
        }
    }
}

public sealed class SqliteMemberApiTests : MemberApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresMemberApiTests : MemberApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
