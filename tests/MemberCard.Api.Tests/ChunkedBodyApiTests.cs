using System.Net;
using System.Text;

namespace MemberCard.Api.Tests;

/// <summary>
/// A body sent without a Content-Length (chunked) is limited while it is read, which only the real server does:
/// these tests run on Kestrel at a loopback port, with a plain client that does not buffer the body.
/// </summary>
public sealed class ChunkedBodyApiTests
{
    [Fact]
    public async Task ChunkedBodyOverTheSizeLimitIsRequestTooLargeAndChangesNothing()
    {
        await using var app = await MemberCardApplication.StartOnKestrelAsync();
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        using var http = new HttpClient { BaseAddress = pos.Http.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", MemberCardApplication.AdminKey);
        var chunked = new PosClient(http);
        var twoMegabytes = $$"""{"amount":100,"storeId":"S001","padding":"{{new string('x', 2 * 1024 * 1024)}}"}""";

        var response = await chunked.SendAsync($"/api/v1/cards/{cardNo}/top-ups", new UnsizedJsonContent(twoMegabytes), PosClient.NewKey());

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Assert.Null(response.RequestMessage?.Content?.Headers.ContentLength);
        Assert.Equal(0, (await pos.GetCardAsync(cardNo)).Long("balance"));
        var small = await chunked.SendAsync(
            $"/api/v1/cards/{cardNo}/top-ups", new UnsizedJsonContent("""{"amount":100,"storeId":"S001"}"""), PosClient.NewKey());
        Assert.Equal(100, (await PosClient.ExpectAsync(small, HttpStatusCode.Created)).Long("balance"));
    }

    /// <summary>JSON whose length the client does not know up front, so it is sent chunked.</summary>
    private sealed class UnsizedJsonContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedJsonContent(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
