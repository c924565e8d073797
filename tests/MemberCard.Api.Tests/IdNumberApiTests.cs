using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>
/// Resident ID numbers through the API: refused unless valid (length, check character, birth date), masked in every
/// answer, found by a POST lookup, in the admin export in full, gone from the index with erasure; one member per
/// number; a till sets a first number but only a manager with a reason replaces one.
/// </summary>
public abstract class IdNumberApiTests : ApiTests
{
    [StorageFact]
    public async Task AnIdNumberIsValidatedMaskedFoundExportedAndFreedByErasure()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var idNumber = PosClient.UniqueIdNumber();
        var body17 = idNumber[..17];
        var wrongCheck = body17 + (idNumber[^1] == '0' ? '1' : '0');
        var mask = idNumber[..3] + "***********" + idNumber[^4..];

        foreach (var bad in new[] { body17, idNumber + "0", wrongCheck, "11010519900230123" + "1", "110105" + "20991231" + "0011" })
            await ProblemAssert.ValidationAsync(await admin.PostMemberAsync(new { phone = PosClient.UniquePhone(), idNumber = bad }), "idNumber");
        var registered = await PosClient.ExpectAsync(await admin.PostMemberAsync(new { phone = PosClient.UniquePhone(), storeId = "S001", idNumber = idNumber.ToLowerInvariant() }),
            HttpStatusCode.Created);
        var memberId = registered.Text("memberId");

        Assert.Equal(mask, registered.Text("idNumberMask"));
        Assert.Equal(mask, (await admin.GetJsonAsync($"/api/v1/members/{memberId}")).Text("idNumberMask"));
        Assert.Null((await admin.RegisterMemberAsync("S001")).Str("idNumberMask"));
        var found = await admin.PostJsonAsync("/api/v1/members/lookup", new { idNumber = $" {idNumber.ToLowerInvariant()} " }, HttpStatusCode.OK);
        Assert.Equal((memberId, mask), (found.Text("memberId"), found.Text("idNumberMask")));
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/members/lookup", new { idNumber = PosClient.UniqueIdNumber() }),
            HttpStatusCode.NotFound, "member_not_found");
        await ProblemAssert.ValidationAsync(await admin.Http.PostAsJsonAsync("/api/v1/members/lookup", new { idNumber = wrongCheck }), "idNumber");
        await ProblemAssert.ValidationAsync(await admin.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone = PosClient.UniquePhone(), idNumber }), "idNumber");
        await ProblemAssert.ValidationAsync(await admin.Http.PostAsJsonAsync("/api/v1/members/lookup", new { }), "phone");
        await ProblemAssert.IsAsync(await admin.PostMemberAsync(new { phone = PosClient.UniquePhone(), idNumber }), HttpStatusCode.Conflict, "id_number_taken");

        var export = await admin.GetJsonAsync($"/api/v1/members/{memberId}/export");
        Assert.Equal(idNumber, export.Text("idNumber"));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsync($"/api/v1/members/{memberId}/erase", null)).StatusCode);
        await ProblemAssert.IsAsync(await admin.Http.PostAsJsonAsync("/api/v1/members/lookup", new { idNumber }), HttpStatusCode.NotFound, "member_not_found");
        Assert.Null((await admin.GetJsonAsync($"/api/v1/members/{memberId}/export")).Str("idNumber"));
        var again = await PosClient.ExpectAsync(await admin.PostMemberAsync(new { phone = PosClient.UniquePhone(), idNumber }), HttpStatusCode.Created);
        Assert.Equal(again.Text("memberId"), (await admin.PostJsonAsync("/api/v1/members/lookup", new { idNumber }, HttpStatusCode.OK)).Text("memberId"));

        // Two tills register one new number at the same moment: the storage's claim lets exactly one write in.
        var raced = PosClient.UniqueIdNumber();
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => admin.PostMemberAsync(new { phone = PosClient.UniquePhone(), idNumber = raced })));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        await ProblemAssert.IsAsync(answers.Single(a => a.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict, "id_number_taken");
        var winner = await PosClient.ExpectAsync(answers.Single(a => a.StatusCode == HttpStatusCode.Created), HttpStatusCode.Created);
        Assert.Equal(winner.Text("memberId"), (await admin.PostJsonAsync("/api/v1/members/lookup", new { idNumber = raced }, HttpStatusCode.OK)).Text("memberId"));
    }

    [StorageFact]
    public async Task ATillSetsAFirstIdNumberButOnlyAManagerWithAReasonReplacesOne()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var key = await PosClient.ExpectAsync(await admin.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001", name = "Till" }),
            HttpStatusCode.Created);
        var till = app.CreatePos(key.Text("apiKey"));
        var (first, second, atRegistration) = (PosClient.UniqueIdNumber(), PosClient.UniqueIdNumber(), PosClient.UniqueIdNumber());

        var sold = await PosClient.ExpectAsync(await till.PostMemberAsync(new { phone = PosClient.UniquePhone(), idNumber = atRegistration }), HttpStatusCode.Created);
        Assert.Equal(atRegistration[^4..], sold.Text("idNumberMask")[^4..]);
        var memberId = (await till.RegisterMemberAsync("S001")).Text("memberId");
        var route = $"/api/v1/members/{memberId}";
        await ProblemAssert.ValidationAsync(await till.Http.PatchAsJsonAsync(route, new { idNumber = first[..17] }), "idNumber");
        await ProblemAssert.IsAsync(await till.Http.PatchAsJsonAsync(route, new { idNumber = atRegistration }), HttpStatusCode.Conflict, "id_number_taken");

        var set = await PosClient.ExpectAsync(await till.Http.PatchAsJsonAsync(route, new { idNumber = first }), HttpStatusCode.OK);

        Assert.Equal(first[..3] + "***********" + first[^4..], set.Text("idNumberMask"));
        await ProblemAssert.IsAsync(await till.Http.PatchAsJsonAsync(route, new { idNumber = second, reason = "typo" }), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.ValidationAsync(await admin.Http.PatchAsJsonAsync(route, new { idNumber = second }), "reason");
        Assert.Equal(memberId, (await till.PostJsonAsync("/api/v1/members/lookup", new { idNumber = first }, HttpStatusCode.OK)).Text("memberId"));
        // The number the member has may be sent again by anyone, with other changes.
        Assert.Equal("Han Meimei", (await PosClient.ExpectAsync(await till.Http.PatchAsJsonAsync(route, new { idNumber = first, name = "Han Meimei" }), HttpStatusCode.OK)).Text("name"));

        var replaced = await PosClient.ExpectAsync(await admin.Http.PatchAsJsonAsync(route, new { idNumber = second, reason = "digits swapped, ID card seen" }), HttpStatusCode.OK);

        Assert.Equal(second[^4..], replaced.Text("idNumberMask")[^4..]);
        await ProblemAssert.IsAsync(await till.Http.PostAsJsonAsync("/api/v1/members/lookup", new { idNumber = first }), HttpStatusCode.NotFound, "member_not_found");
        Assert.Equal(memberId, (await till.PostJsonAsync("/api/v1/members/lookup", new { idNumber = second }, HttpStatusCode.OK)).Text("memberId"));
    }

    [StorageFact]
    public async Task LookupsByIdNumberAreAuditedFoundOrNotAndLimitedPerCredential()
    {
        await using var app = await StartAsync(new Dictionary<string, string?> { ["Members:IdNumberLookupsPerHour"] = "3" });
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var key = await PosClient.ExpectAsync(await admin.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001", name = "Till" }),
            HttpStatusCode.Created);
        var till = app.CreatePos(key.Text("apiKey"));
        var idNumber = PosClient.UniqueIdNumber();
        var memberId = (await PosClient.ExpectAsync(await admin.PostMemberAsync(new { phone = PosClient.UniquePhone(), idNumber }), HttpStatusCode.Created))
            .Text("memberId");

        Assert.Equal(memberId, (await till.PostJsonAsync("/api/v1/members/lookup", new { idNumber }, HttpStatusCode.OK)).Text("memberId"));
        await ProblemAssert.IsAsync(await till.Http.PostAsJsonAsync("/api/v1/members/lookup", new { idNumber = PosClient.UniqueIdNumber() }),
            HttpStatusCode.NotFound, "member_not_found");
        await till.PostJsonAsync("/api/v1/members/lookup", new { idNumber }, HttpStatusCode.OK);
        var limited = await till.Http.PostAsJsonAsync("/api/v1/members/lookup", new { idNumber });
        await ProblemAssert.IsAsync(limited, (HttpStatusCode)429, "rate_limited");
        Assert.NotNull(limited.Headers.RetryAfter);
        // The allowance is the credential's: the admin key still looks up, and phone lookups never count.
        Assert.Equal(memberId, (await admin.PostJsonAsync("/api/v1/members/lookup", new { idNumber }, HttpStatusCode.OK)).Text("memberId"));
        for (var i = 0; i < 4; i++) await ProblemAssert.IsAsync(await till.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone = PosClient.UniquePhone() }),
            HttpStatusCode.NotFound, "member_not_found");

        var audit = await PosClient.ExpectAsync(await admin.Http.GetAsync("/api/v1/audit?action=member.lookup_id_number&limit=50"), HttpStatusCode.OK);
        var entries = audit.Field("items").EnumerateArray().Select(e => (e.Text("actor"), e.Text("target"), e.Text("result"))).ToList();
        var tillKey = key.Text("keyId");
        Assert.Equal(2, entries.Count(e => e == (tillKey, memberId, "ok")));
        Assert.Single(entries, e => e == (tillKey, "", "member_not_found"));
        Assert.Single(entries, e => e.Item1 != tillKey && e.Item2 == memberId);
        Assert.DoesNotContain(idNumber, audit.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class SqliteIdNumberApiTests : IdNumberApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresIdNumberApiTests : IdNumberApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
