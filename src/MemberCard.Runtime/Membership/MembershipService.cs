using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.Membership;

/// <summary>Runs the membership agent's periodic work: probes, IAmAlive and table refresh, each on its own loop.</summary>
internal sealed class MembershipService(MembershipAgent agent, Cluster.ClusterOptions options, TimeProvider clock, ILogger<MembershipService> logger)
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    public void Start()
    {
        var timings = options.Membership;
        _loops.Add(LoopAsync("probe", timings.ProbeInterval, agent.ProbeRoundAsync));
        _loops.Add(LoopAsync("i-am-alive", timings.IAmAliveInterval, agent.HeartbeatAsync));
        _loops.Add(LoopAsync("refresh", timings.TableRefreshInterval, agent.RefreshAsync));
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    private async Task LoopAsync(string name, TimeSpan interval, Func<CancellationToken, Task> step)
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested && !agent.IsTerminated)
        {
            try
            {
                await Task.Delay(interval, clock, token).ConfigureAwait(false);
                await step(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database or a peer may be briefly unreachable; the next round tries again.
                logger.LogWarning(e, "Membership {Loop} round failed", name);
            }
        }
    }
}
