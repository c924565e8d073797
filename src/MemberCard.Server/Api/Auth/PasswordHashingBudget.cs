using System.Threading.RateLimiting;

namespace MemberCard.Server.Api.Auth;

/// <summary>
/// The CPU that password hashing may take: at most <c>Auth:PasswordHashing:Concurrency</c> hashes at once (default:
/// half the processors, at least one) and a short queue (<c>Auth:PasswordHashing:QueueLimit</c>, default twice that).
/// A log-in beyond both is refused at once, without hashing, so a flood of log-ins can never take the cores that
/// tills (authenticated by key or token, which cost no hash) need. Known and unknown usernames take one slot each.
/// </summary>
internal sealed class PasswordHashingBudget : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;

    public PasswordHashingBudget(IConfiguration configuration)
    {
        var concurrency = Math.Max(1, configuration.GetValue("Auth:PasswordHashing:Concurrency", Math.Max(1, Environment.ProcessorCount / 2)));
        var queue = Math.Max(0, configuration.GetValue("Auth:PasswordHashing:QueueLimit", 2 * concurrency));
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = concurrency,
            QueueLimit = queue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>A slot to hash in (dispose it when done), or null at once when the budget and its queue are full.</summary>
    public async ValueTask<IDisposable?> TryEnterAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        return null;
    }

    public void Dispose() => _limiter.Dispose();
}
