using MemberCard.Server.Api;

namespace MemberCard.Server.Me;

/// <summary>
/// Member sign-in per client address, per silo: code requests (<c>MemberSignIn:CodesPerAddressPerHour</c>, default 20)
/// and code tries (<c>MemberSignIn:TriesPerAddressPerHour</c>, default 60), each a token bucket that refills evenly over
/// the hour. The per-phone limits and the lock live in the phone's sign-in grain, for the whole cluster.
/// </summary>
internal sealed class SignInThrottle(IConfiguration configuration) : IDisposable
{
    private readonly HourlyAllowance _codes = new(configuration.GetValue("MemberSignIn:CodesPerAddressPerHour", 20));
    private readonly HourlyAllowance _tries = new(configuration.GetValue("MemberSignIn:TriesPerAddressPerHour", 60));

    /// <summary>Takes one code request of <paramref name="address"/>, or answers how long to wait.</summary>
    public bool TryCode(string address, out TimeSpan retryAfter) => _codes.TryTake(address, out retryAfter);

    /// <summary>Takes one code try of <paramref name="address"/>, or answers how long to wait.</summary>
    public bool TryCheck(string address, out TimeSpan retryAfter) => _tries.TryTake(address, out retryAfter);

    public void Dispose()
    {
        _codes.Dispose();
        _tries.Dispose();
    }
}
