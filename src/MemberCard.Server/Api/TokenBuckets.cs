using System.Threading.RateLimiting;

namespace MemberCard.Server.Api;

/// <summary>
/// A token bucket per key (a client address, a credential), in this silo: each holds <c>limit</c> tokens and gets
/// <c>perPeriod</c> back every <c>period</c>. Disposing it stops its replenishment timer, so an owner that DI disposes
/// leaves nothing running behind a stopped server.
/// </summary>
internal class TokenBuckets(int limit, int perPeriod, TimeSpan period) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Takes one for <paramref name="key"/>, or answers how long to wait.</summary>
    public bool TryTake(string key, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(key);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : period;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>So many takes an hour per key: <c>perHour</c> tokens, one back every hour / <c>perHour</c>.</summary>
internal sealed class HourlyAllowance(int perHour) : TokenBuckets(Math.Max(1, perHour), 1, TimeSpan.FromHours(1) / Math.Max(1, perHour));
