using System.Diagnostics;
using MemberCard.Server.Telemetry;

namespace MemberCard.Api.Tests.Telemetry;

/// <summary>The span processor that masks card numbers, without a server.</summary>
public sealed class CardNumberRedactionTests
{
    [Fact]
    public void RunsOfEightOrMoreDigitsAreMaskedAndShorterNumbersKept()
    {
        Assert.Equal("Card {redacted} does not exist.", CardNumberRedaction.Redacted("Card 6225880012345678 does not exist."));
        Assert.Equal("card/{redacted}", CardNumberRedaction.Redacted("card/12345678"));
        Assert.Null(CardNumberRedaction.Redacted("store S001, order A-1234567, 200 OK"));
        Assert.Null(CardNumberRedaction.Redacted(null));
    }

    [Fact]
    public void AFinishedSpanLosesTheCardNumberFromItsNameTagsAndStatus()
    {
        using var span = new Activity("ICardGrain/12345678901").Start();
        span.DisplayName = "GET /api/v1/cards/12345678901";
        span.SetTag("url.path", "/api/v1/cards/12345678901/purchases");
        span.SetTag("rpc.orleans.target_id", "card/12345678901");
        span.SetTag("http.response.status_code", 409);
        span.SetStatus(ActivityStatusCode.Error, "Card 12345678901 is frozen.");
        span.Stop();

        new CardNumberRedaction().OnEnd(span);

        Assert.Equal("GET /api/v1/cards/{redacted}", span.DisplayName);
        Assert.Equal("/api/v1/cards/{redacted}/purchases", span.GetTagItem("url.path"));
        Assert.Equal("card/{redacted}", span.GetTagItem("rpc.orleans.target_id"));
        Assert.Equal(409, span.GetTagItem("http.response.status_code"));
        Assert.Equal("Card {redacted} is frozen.", span.StatusDescription);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }
}
