namespace MemberCard.Storage.Orleans.Tests;

/// <summary>Waits for what a silo does in the background (stream delivery, reminders, membership) to show.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="seconds"/>.</summary>
    public static Task HoldsAsync(Func<bool> condition, int seconds = 30) => HoldsAsync(() => Task.FromResult(condition()), seconds);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="seconds"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached within {seconds} s");
            await Task.Delay(50);
        }
    }
}
