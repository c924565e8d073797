using MemberCard.Server.Api.Auth;
using Microsoft.Extensions.Configuration;

namespace MemberCard.Api.Tests.Hardening.Unit;

/// <summary>The password-hashing budget on its own: a concurrency limit, a short queue, refusal at once beyond them.</summary>
public sealed class PasswordHashingBudgetTests
{
    private static PasswordHashingBudget Budget(int concurrency, int queue) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:PasswordHashing:Concurrency"] = concurrency.ToString(),
            ["Auth:PasswordHashing:QueueLimit"] = queue.ToString(),
        }).Build());

    [Fact]
    public async Task BeyondTheLimitAndTheQueueEntryIsRefusedAtOnce()
    {
        using var budget = Budget(concurrency: 2, queue: 1);
        var held = new[] { await budget.TryEnterAsync(default), await budget.TryEnterAsync(default) };
        var queued = budget.TryEnterAsync(default).AsTask();

        var refused = budget.TryEnterAsync(default);

        Assert.All(held, Assert.NotNull);
        Assert.True(refused.IsCompleted, "a full budget answers without waiting");
        Assert.Null(await refused);
        Assert.False(queued.IsCompleted, "the queued entry waits for a slot");
        held[0]!.Dispose();
        Assert.NotNull(await queued.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task NoMoreThanTheLimitHashAtOnceUnderLoad()
    {
        using var budget = Budget(concurrency: 2, queue: 4);
        var inside = 0;
        var most = 0;
        var refused = 0;

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            using var slot = await budget.TryEnterAsync(default);
            if (slot is null)
            {
                Interlocked.Increment(ref refused);
                return;
            }
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await Task.Delay(5);
            Interlocked.Decrement(ref inside);
        })));

        Assert.InRange(most, 1, 2);
        Assert.True(refused > 0, "64 at once with room for 6 must refuse some");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen) return;
            seen = previous;
        }
    }
}
