namespace MemberCard.Server.Api.Auth;

/// <summary>How long each silo trusts what it last read of an account's security stamp (configuration section "Auth:StaffStamp").</summary>
internal sealed class StaffStampOptions
{
    /// <summary>
    /// A read younger than this is used without asking the staff directory: the longest a disable or a password change
    /// made on another silo goes unnoticed while the directory answers.
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a request waits for a re-read before it falls back to the last one (directory slow or its silo dead).</summary>
    public TimeSpan RefreshWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The oldest read a request may fall back to; beyond it the request waits for the directory, or fails.</summary>
    public TimeSpan MaxStale { get; set; } = TimeSpan.FromSeconds(30);
}
