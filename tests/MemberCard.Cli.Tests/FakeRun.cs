using MemberCard.Cli.Load;

namespace MemberCard.Cli.Tests;

/// <summary>The load tool's parts wired to a <see cref="FakeCardServer"/> instead of a server on a port.</summary>
internal static class FakeRun
{
    public const long SeededBalance = 62_000;

    private static readonly LoadTarget Target = new("fake", new Uri("http://127.0.0.1:5999/"));

    /// <summary>Options for a run that ends by its request count (or its burst), never by the clock.</summary>
    public static LoadOptions Options(string mix, int cards) => new()
    {
        Targets = [Target],
        ApiKey = "key",
        Mix = OperationMix.TryParse(mix, out var parsed, out var error) ? parsed : throw new ArgumentException(error),
        Cards = cards,
        Warmup = TimeSpan.Zero,
        Duration = LoadOptions.MaxDuration,
        VerifySample = 0,
        Settle = TimeSpan.Zero,
    };

    public static PosApi Api(FakeCardServer server, LoadOptions options) =>
        new(LoadHttpClient.CreateClient(options, Target, server), LoadHttpClient.CreateHealthClient(Target, server), Target);

    public static CardBook Cards(int count) => new(
        [.. Enumerable.Range(0, count).Select(i => new SeededCard(FakeCardServer.CardNo(i)))],
        [.. Enumerable.Repeat(SeededBalance, count)]);
}
