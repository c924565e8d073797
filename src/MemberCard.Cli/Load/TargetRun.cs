namespace MemberCard.Cli.Load;

/// <summary>One target's share of a run: its cards once seeded, its rounds, its verification.</summary>
internal sealed class TargetRun(PosApi api, int index)
{
    public PosApi Api => api;

    public int Index => index;

    public CardBook? Cards { get; set; }

    public SeedingReport? Seeding { get; set; }

    public List<RoundResult> Rounds { get; } = [];

    public VerificationReport? Verification { get; set; }

    public long Failures => Rounds.Sum(r => r.Failures + r.WarmupFailures);

    public TargetReport ToReport() => new(
        api.Target.Name, api.Target.BaseUrl.AbsoluteUri, Seeding,
        [.. Rounds.Select(r => RoundReport.From(r, combined: false))],
        Rounds.Count == 0 ? null : RoundReport.From(RoundResult.Combine(Rounds), combined: true),
        Verification);
}
