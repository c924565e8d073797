using MemberCard.Runtime.Storage;

namespace MemberCard.Runtime.Tests;

public interface ITurnProbeGrain : IGrainWithStringKey
{
    Task<int> EnterAsync(int ticket);

    Task<IReadOnlyList<int>> TicketsAsync();

    Task<int> MaxConcurrencyAsync();

    Task WaitAsync(TaskCompletionSource gate, TaskCompletionSource entered);
}

/// <summary>Records the order of calls and how many ran at once.</summary>
public sealed class TurnProbeGrain : Grain, ITurnProbeGrain
{
    private readonly List<int> _tickets = [];
    private int _inside;
    private int _maxInside;

    public async Task<int> EnterAsync(int ticket)
    {
        var inside = Interlocked.Increment(ref _inside);
        _maxInside = Math.Max(_maxInside, inside);
        await Task.Yield();
        _tickets.Add(ticket);
        Interlocked.Decrement(ref _inside);
        return ticket;
    }

    public Task<IReadOnlyList<int>> TicketsAsync() => Task.FromResult<IReadOnlyList<int>>([.. _tickets]);

    public Task<int> MaxConcurrencyAsync() => Task.FromResult(_maxInside);

    public async Task WaitAsync(TaskCompletionSource gate, TaskCompletionSource entered)
    {
        entered.TrySetResult();
        await gate.Task;
    }
}

public sealed record CounterState(long Value, string? LastNote);

public interface ICounterGrain : IGrainWithStringKey
{
    Task<long> AddAsync(long amount);

    Task<long> GetAsync();

    Task<long> AddWithClaimAsync(long amount, string claim);

    Task<int> ActivationNumberAsync();

    Task<int> TimerTicksAsync();

    Task StartTimerAsync(TimeSpan period);
}

/// <summary>A durable counter that also writes on deactivation, to prove shutdown persists.</summary>
[GrainType("counter")]
public sealed class CounterGrain(ActivationLog log) : Grain<CounterState>, ICounterGrain
{
    private int _activationNumber;
    private int _ticks;

    protected override CounterState CreateInitialState() => new(0, null);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activationNumber = log.Activated(GrainId);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Deactivated(GrainId, reason);
        if (StateExists) await CommitAsync(State with { LastNote = $"deactivated:{reason}" });
    }

    public async Task<long> AddAsync(long amount)
    {
        await CommitAsync(State with { Value = State.Value + amount }, w => w.Journal("added", amount).Publish("added", amount));
        return State.Value;
    }

    public Task<long> GetAsync() => Task.FromResult(State.Value);

    public async Task<long> AddWithClaimAsync(long amount, string claim)
    {
        await CommitAsync(State with { Value = State.Value + amount }, w => w.Claim(new ClaimKey("test", claim), amount));
        return State.Value;
    }

    public Task<int> ActivationNumberAsync() => Task.FromResult(_activationNumber);

    public Task<int> TimerTicksAsync() => Task.FromResult(_ticks);

    public Task StartTimerAsync(TimeSpan period)
    {
        RegisterTimer(_ =>
        {
            _ticks++;
            return Task.CompletedTask;
        }, period, period);
        return Task.CompletedTask;
    }
}

/// <summary>Counts activations and deactivations across all counter grains.</summary>
public sealed class ActivationLog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, int> _activations = [];
    private readonly List<(GrainId Grain, DeactivationReason Reason)> _deactivations = [];

    public int Activated(GrainId grain)
    {
        lock (_lock) return _activations[grain] = _activations.GetValueOrDefault(grain) + 1;
    }

    public int ActivationsOf(GrainId grain)
    {
        lock (_lock) return _activations.GetValueOrDefault(grain);
    }

    public void Deactivated(GrainId grain, DeactivationReason reason)
    {
        lock (_lock) _deactivations.Add((grain, reason));
    }

    public IReadOnlyList<(GrainId Grain, DeactivationReason Reason)> Deactivations
    {
        get { lock (_lock) return [.. _deactivations]; }
    }
}
