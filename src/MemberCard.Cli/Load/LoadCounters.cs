namespace MemberCard.Cli.Load;

/// <summary>Live totals of a round, shared by all tills, for the progress line and the request limit.</summary>
internal sealed class LoadCounters(long? requestLimit)
{
    private long _taken;

    public PhaseCounters Warmup { get; } = new();

    public PhaseCounters Measured { get; } = new();

    /// <summary>Claims one measured request; false once <c>--requests</c> are all claimed.</summary>
    public bool TryTakeRequest() => requestLimit is not { } limit || Interlocked.Increment(ref _taken) <= limit;
}

internal sealed class PhaseCounters
{
    private long _completed;
    private long _notSuccessful;
    private long _failures;

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Every non-2xx answer, business refusals included.</summary>
    public long NotSuccessful => Interlocked.Read(ref _notSuccessful);

    /// <summary>5xx answers and transport errors.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public void Count(ApiResult result)
    {
        Interlocked.Increment(ref _completed);
        if (result.IsSuccess) return;
        Interlocked.Increment(ref _notSuccessful);
        if (result.IsFailure) Interlocked.Increment(ref _failures);
    }
}
