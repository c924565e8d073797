namespace MemberCard.Client;

/// <summary>Where the API is, the credential, and how patient the client is.</summary>
public sealed class MemberCardClientOptions
{
    /// <summary>The server, e.g. <c>http://localhost:5080/</c> (the API is under <c>api/v1/</c> there).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The API key sent as <c>X-Api-Key</c> (a terminal's key on a till).</summary>
    public string? ApiKey { get; set; }

    /// <summary>How often an attempt is sent again when that is safe (0: never). Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first wait before a retry when the server names none; it doubles, with jitter. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest Retry-After the client waits for; a longer one ends in the refusal. Default 30 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The time limit of one call, all its retries included. Default 100 s; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Told of every retry (for logs and counters).</summary>
    public Action<MemberCardRetry>? OnRetry { get; set; }

    internal void Validate()
    {
        if (BaseAddress is null || !BaseAddress.IsAbsoluteUri) throw new InvalidOperationException("MemberCardClientOptions.BaseAddress must be an absolute URI.");
        if (string.IsNullOrWhiteSpace(ApiKey)) throw new InvalidOperationException("MemberCardClientOptions.ApiKey is required.");
        if (MaxRetryAttempts < 0 || MaxRetryAttempts > 100) throw new InvalidOperationException("MemberCardClientOptions.MaxRetryAttempts must be 0..100.");
        if (RetryDelay < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero) throw new InvalidOperationException("Retry delays must not be negative.");
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new InvalidOperationException("MemberCardClientOptions.Timeout must be positive or infinite.");
    }

    /// <summary>The base address with a trailing slash, so that relative paths append to it instead of replacing its last segment.</summary>
    internal Uri NormalizedBaseAddress =>
        BaseAddress!.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? BaseAddress : new Uri(BaseAddress.AbsoluteUri + "/");
}
