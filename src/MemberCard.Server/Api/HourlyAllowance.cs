using System.Threading.RateLimiting;

namespace MemberCard.Server.Api;

/// <summary>
/// So many takes an hour per key (a client address, a credential), in this silo: a token bucket per key that holds
/// <c>perHour</c> tokens and refills one every hour / <c>perHour</c>.
/// </summary>
internal sealed class HourlyAllowance(int perHour) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = Create(Math.Max(1, perHour));

    /// <summary>Takes one for <paramref name="key"/>, or answers how long to wait.</summary>
    public bool TryTake(string key, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(key);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();

    private static PartitionedRateLimiter<string> Create(int perHour) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perHour,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromHours(1) / perHour,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
