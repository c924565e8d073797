using System.Net.Http.Json;
using System.Text.Json;

namespace MemberCard.Client.Tests;

public sealed class ActivityClientTests(ClientTestServer server) : IClassFixture<ClientTestServer>
{
    [Fact]
    public async Task ATillSignsAMemberUpChecksThemInOnceAndCancelsAnother()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewCardAsync(storeId);
        var other = await client.NewCardAsync(storeId);
        var start = DateTimeOffset.UtcNow.AddMinutes(30);
        using var admin = server.CreateAdminHttpClient();
        var created = await admin.PostAsJsonAsync("/api/v1/activities", new
        {
            name = "Member day", storeIds = new[] { storeId }, startsAt = start, endsAt = start.AddHours(2), signUpOpensAt = start.AddDays(-1),
            signUpClosesAt = start.AddMinutes(-5), capacity = 1, waitlistCapacity = 1, points = 50,
        });
        created.EnsureSuccessStatusCode();
        var activityId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activityId").GetString()!;

        var signedUp = await client.Activities.SignUpAsync(activityId, new ActivitySignUpRequest(card.MemberId, storeId));
        var waiting = await client.Activities.SignUpAsync(activityId, new ActivitySignUpRequest(other.MemberId, storeId));
        var cancelled = await client.Activities.CancelSignUpAsync(activityId, other.MemberId, storeId);
        var checkIn = await client.Activities.CheckInAsync(activityId, new ActivityCheckInRequest(storeId, CardNo: card.CardNo));
        var again = await Assert.ThrowsAsync<MemberCardApiException>(() =>
            client.Activities.CheckInAsync(activityId, new ActivityCheckInRequest(storeId, CardNo: card.CardNo)));

        Assert.Equal(("signed_up", "waitlisted", 1), (signedUp.Status, waiting.Status, waiting.Position));
        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal((card.CardNo, 50L), (checkIn.CardNo, checkIn.Points));
        Assert.Equal((409, "already_checked_in"), (again.Status, again.CodeText));
        Assert.Equal(50, (await client.Cards.GetAsync(card.CardNo)).Points);
    }
}
