namespace MemberCard.Cli.Load;

/// <summary>One target's share of a run: the mix its tills run, its cards once seeded, its rounds, its verification.</summary>
internal sealed class TargetRun(PosApi api, int index, OperationMix mix)
{
    public PosApi Api => api;

    public int Index => index;

    /// <summary>The run's mix, or less of it on a server that lacks an operation's endpoint; null when nothing is left to run.</summary>
    public OperationMix? Mix { get; set; } = mix;

    /// <summary>Why <see cref="Mix"/> is not the run's mix, for the output and the JSON.</summary>
    public string? Note { get; set; }

    public CardBook? Cards { get; set; }

    public SeedingReport? Seeding { get; set; }

    public List<RoundResult> Rounds { get; } = [];

    public VerificationReport? Verification { get; set; }

    public long Failures => Rounds.Sum(r => r.Failures + r.WarmupFailures);

    public TargetReport ToReport() => new(
        api.Target.Name, api.Target.BaseUrl.AbsoluteUri, Mix?.ToString(), Note, Seeding,
        [.. Rounds.Select(r => RoundReport.From(r, combined: false))],
        Rounds.Count == 0 ? null : RoundReport.From(RoundResult.Combine(Rounds), combined: true),
        Verification);
}
