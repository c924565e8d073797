using MemberCard.Abstractions.Access;
using MemberCard.Server.Api.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MemberCard.Api.Tests.Hardening.Unit;

/// <summary>
/// Each silo's cache of staff security stamps on its own, with a fake clock and a directory the test controls:
/// fresh reads cost no call, a change is seen within the TTL, a directory that does not answer is bridged by the last
/// read for at most MaxStale.
/// </summary>
public sealed class StaffStampCacheTests
{
    private static readonly StaffStamp Original = new(null, false);
    private static readonly StaffStamp Changed = new("s2", false);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly StaffDirectory _directory = new();

    private StaffStampCache Cache() => new(_directory, _clock, Options.Create(new StaffStampOptions
    {
        Ttl = TimeSpan.FromSeconds(5),
        RefreshWait = TimeSpan.FromMilliseconds(500),
        MaxStale = TimeSpan.FromSeconds(30),
    }), NullLogger<StaffStampCache>.Instance);

    [Fact]
    public async Task AFreshReadAnswersWithoutCallingTheDirectory()
    {
        var cache = Cache();
        _directory.Stamp = Original;

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(Original, await cache.GetAsync("li"));
            _clock.Advance(TimeSpan.FromMilliseconds(40));
        }

        Assert.Equal(1, _directory.Reads);
    }

    [Fact]
    public async Task AChangeIsSeenOnceTheTtlHasPassed()
    {
        var cache = Cache();
        _directory.Stamp = Original;
        await cache.GetAsync("li");

        _directory.Stamp = Changed;
        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(Original, await cache.GetAsync("li"));
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(Changed, await cache.GetAsync("li"));
        Assert.Equal(2, _directory.Reads);
    }

    [Fact]
    public async Task ForgetMakesTheNextRequestReadAgainAtOnce()
    {
        var cache = Cache();
        _directory.Stamp = Original;
        await cache.GetAsync("li");

        _directory.Stamp = Changed;
        cache.Forget("li");

        Assert.Equal(Changed, await cache.GetAsync("li"));
    }

    [Fact]
    public async Task ReadsOfOneAccountAreCoalescedWhileOneIsRunning()
    {
        var cache = Cache();
        var pending = _directory.Hold();

        var waiting = Enumerable.Range(0, 50).Select(_ => cache.GetAsync("li").AsTask()).ToList();
        pending.SetResult(Changed);

        Assert.All(await Task.WhenAll(waiting), s => Assert.Equal(Changed, s));
        Assert.Equal(1, _directory.Reads);
    }

    [Fact]
    public async Task ADirectoryThatDoesNotAnswerIsBridgedByTheLastReadAfterTheRefreshWait()
    {
        var cache = Cache();
        _directory.Stamp = Original;
        await cache.GetAsync("li");
        _clock.Advance(TimeSpan.FromSeconds(6));
        _directory.Hold();

        var answer = cache.GetAsync("li").AsTask();
        Assert.False(answer.IsCompleted, "the request waits for the re-read first");
        _clock.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(Original, await answer);
    }

    [Fact]
    public async Task WhileALateReReadRunsLaterRequestsFallBackWithoutWaitingAgain()
    {
        var cache = Cache();
        _directory.Stamp = Original;
        await cache.GetAsync("li");
        _clock.Advance(TimeSpan.FromSeconds(6));
        var pending = _directory.Hold();
        var first = cache.GetAsync("li").AsTask();
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(Original, await first);

        var later = cache.GetAsync("li");

        Assert.True(later.IsCompleted, "the re-read is already late: no second wait");
        Assert.Equal(Original, await later);
        Assert.Equal(2, _directory.Reads);
        pending.SetResult(Changed);
        Assert.Equal(Changed, await cache.GetAsync("li"));
    }

    [Fact]
    public async Task AFailingDirectoryIsBridgedByTheLastReadUntilMaxStaleThenFails()
    {
        var cache = Cache();
        _directory.Stamp = Original;
        await cache.GetAsync("li");
        _directory.Failure = new TimeoutException("silo dead");

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(Original, await cache.GetAsync("li"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<TimeoutException>(async () => await cache.GetAsync("li"));
    }

    [Fact]
    public async Task BeyondMaxStaleARequestWaitsForTheDirectoryHoweverLongItTakes()
    {
        var cache = Cache();
        _directory.Stamp = Original;
        await cache.GetAsync("li");
        _clock.Advance(TimeSpan.FromSeconds(30));
        var pending = _directory.Hold();

        var answer = cache.GetAsync("li").AsTask();
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(answer.IsCompleted, "no fallback to a read older than MaxStale");
        pending.SetResult(new StaffStamp("s3", true));

        Assert.Equal(new StaffStamp("s3", true), await answer);
    }

    [Fact]
    public async Task AReadThatStartedBeforeForgetIsNotKept()
    {
        var cache = Cache();
        var pending = _directory.Hold();
        var early = cache.GetAsync("li").AsTask();

        cache.Forget("li");
        pending.SetResult(Original);
        await early;
        _directory.Stamp = Changed;

        Assert.Equal(Changed, await cache.GetAsync("li"));
    }

    [Fact]
    public async Task AnUnknownAccountIsNullAndCachedLikeAnyOther()
    {
        var cache = Cache();

        Assert.Null(await cache.GetAsync("nobody"));
        Assert.Null(await cache.GetAsync("nobody"));

        Assert.Equal(1, _directory.Reads);
    }

    [Theory]
    [InlineData(null, false, null, true)]
    [InlineData("s2", false, "s2", true)]
    [InlineData("s2", false, null, false)]
    [InlineData(null, false, "s2", false)]
    [InlineData("s2", false, "s1", false)]
    [InlineData("s2", true, "s2", false)]
    public void ATokenIsValidOnlyWithTheAccountsCurrentStampAndWhileItIsEnabled(string? accountStamp, bool disabled, string? tokenStamp, bool valid)
    {
        Assert.Equal(valid, BearerAuthentication.StillValid(new StaffStamp(accountStamp, disabled), tokenStamp));
        Assert.False(BearerAuthentication.StillValid(null, tokenStamp), "an account that does not exist has no valid token");
    }

    private sealed class StaffDirectory : IStaffStampReader
    {
        private TaskCompletionSource<StaffStamp?>? _held;

        public StaffStamp? Stamp { get; set; }

        public Exception? Failure { get; set; }

        public int Reads { get; private set; }

        /// <summary>
        /// The next read waits until the test answers it; the cache's continuation runs inside the answer, so the read is
        /// kept by the time SetResult returns.
        /// </summary>
        public TaskCompletionSource<StaffStamp?> Hold() => _held = new TaskCompletionSource<StaffStamp?>();

        public Task<StaffStamp?> ReadAsync(string username)
        {
            Reads++;
            if (_held is { } held)
            {
                _held = null;
                return held.Task;
            }
            return Failure is { } failure ? Task.FromException<StaffStamp?>(failure) : Task.FromResult(Stamp);
        }
    }
}
