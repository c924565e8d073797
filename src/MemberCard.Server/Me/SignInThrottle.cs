using System.Threading.RateLimiting;

namespace MemberCard.Server.Me;

/// <summary>
/// Member sign-in per client address, per silo: code requests (<c>MemberSignIn:CodesPerAddressPerHour</c>, default 20)
/// and code tries (<c>MemberSignIn:TriesPerAddressPerHour</c>, default 60), each a token bucket that refills evenly over
/// the hour. The per-phone limits and the lock live in the phone's sign-in grain, for the whole cluster.
/// </summary>
internal sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _codes;
    private readonly PartitionedRateLimiter<string> _tries;

    public SignInThrottle(IConfiguration configuration)
    {
        _codes = PerAddress(configuration.GetValue("MemberSignIn:CodesPerAddressPerHour", 20));
        _tries = PerAddress(configuration.GetValue("MemberSignIn:TriesPerAddressPerHour", 60));
    }

    /// <summary>Takes one code request of <paramref name="address"/>, or answers how long to wait.</summary>
    public bool TryCode(string address, out TimeSpan retryAfter) => TryTake(_codes, address, out retryAfter);

    /// <summary>Takes one code try of <paramref name="address"/>, or answers how long to wait.</summary>
    public bool TryCheck(string address, out TimeSpan retryAfter) => TryTake(_tries, address, out retryAfter);

    public void Dispose()
    {
        _codes.Dispose();
        _tries.Dispose();
    }

    private static bool TryTake(PartitionedRateLimiter<string> limiter, string address, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(address);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    private static PartitionedRateLimiter<string> PerAddress(int perHour)
    {
        var limit = Math.Max(1, perHour);
        return PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromHours(1) / limit,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }
}
