namespace MemberCard.Client;

/// <summary>
/// An attempt is about to be sent again (<see cref="MemberCardClientOptions.OnRetry"/>): which retry this is (1 for the
/// first), what the failed attempt got (a status, or an exception when no answer came) and how long the client waits first.
/// </summary>
public sealed record MemberCardRetry(int Retry, int? Status, Exception? Exception, TimeSpan Delay);
