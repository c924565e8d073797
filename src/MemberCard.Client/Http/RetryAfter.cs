namespace MemberCard.Client;

/// <summary>The wait a 429 or 503 asks for in its Retry-After header (seconds or a date), if any.</summary>
internal static class RetryAfter
{
    public static TimeSpan? Of(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
