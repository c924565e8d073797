using System.Collections.Concurrent;
using MemberCard.Runtime.Catalog;
using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.GrainDirectory;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Invocation;
using MemberCard.Runtime.Membership;
using MemberCard.Runtime.Placement;

namespace MemberCard.Runtime.Messaging;

/// <summary>
/// Decides where a grain call runs when silos form a cluster. An activation already on this silo serves it at
/// once, with no network. Otherwise the cached or stored directory entry names the silo; with no entry, placement
/// picks one and that silo's activation registers itself (first writer wins). A "lives elsewhere" answer updates
/// the cache and is followed at most <see cref="ClusterOptions.MaxForwardCount"/> times; a silo that cannot be
/// reached or is stopping (the call never ran) is retried after a short pause with a fresh directory read, until
/// the call time-out; a silo that breaks mid-call makes the call fail with <see cref="GrainUnavailableException"/>.
/// </summary>
internal sealed class GrainCallRouter(
    GrainRuntime runtime,
    MembershipClusterView view,
    IGrainDirectory directory,
    IPlacementDirector placement,
    SiloConnectionPool pool,
    GrainCallCodec codec,
    RemoteExceptionTranslator translator,
    ClusterOptions options)
{
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _cache = new();

    private SiloAddress Local => view.LocalSilo;

    /// <summary>Cached directory entries (for tests and metrics).</summary>
    public int CachedEntries => _cache.Count;

    public async Task<T> InvokeAsync<T>(GrainTypeInfo type, GrainId grain, GrainMethod method, object?[] arguments)
    {
        var catalog = runtime.Catalog;
        var started = runtime.TimeProvider.GetTimestamp();
        var forwards = 0;
        var retries = 0;
        SiloAddress? next = catalog.HasActivation(grain) ? Local : null;
        while (true)
        {
            var target = next ?? await ResolveAsync(grain).ConfigureAwait(false);
            next = null;
            try
            {
                return target == Local
                    ? await catalog.InvokeLocalAsync<T>(type, grain, method, arguments).ConfigureAwait(false)
                    : await CallRemoteAsync<T>(target, grain, method, arguments).ConfigureAwait(false);
            }
            catch (GrainMovedException moved)
            {
                _cache[grain] = moved.Owner;
                if (++forwards > options.MaxForwardCount)
                    throw new GrainUnavailableException($"{grain} was forwarded {forwards} times; try again.", moved);
                next = moved.Owner;
            }
            catch (Exception e) when (e is SiloUnreachableException or SiloStoppingException)
            {
                _cache.TryRemove(grain, out _);
                if (runtime.TimeProvider.GetElapsedTime(started) >= runtime.Options.CallTimeout)
                    throw new GrainUnavailableException($"No silo could serve {grain} in time: {e.Message}", e);
                await Task.Delay(RetryDelay(++retries), runtime.TimeProvider).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Forgets every cached entry pointing at <paramref name="silo"/>.</summary>
    public void Forget(SiloAddress silo)
    {
        foreach (var (grain, owner) in _cache)
            if (owner == silo) _cache.TryRemove(KeyValuePair.Create(grain, owner));
    }

    private async ValueTask<SiloAddress> ResolveAsync(GrainId grain)
    {
        var snapshot = view.Current;
        if (_cache.TryGetValue(grain, out var cached) && snapshot.ActiveSilos.Contains(cached)) return cached;
        var entry = await directory.LookupAsync(grain, runtime.Stopping).ConfigureAwait(false);
        if (entry is not null)
        {
            if (entry.Silo == Local || view.StatusOf(entry.Silo) is not SiloStatus.Dead)
            {
                _cache[grain] = entry.Silo;
                return entry.Silo;
            }
            // The owner is dead but its entries were not swept yet: remove this one and place the grain afresh.
            await directory.UnregisterAsync(grain, entry, runtime.Stopping).ConfigureAwait(false);
        }
        return placement.Place(grain, snapshot, Local);
    }

    private async Task<T> CallRemoteAsync<T>(SiloAddress target, GrainId grain, GrainMethod method, object?[] arguments)
    {
        var body = codec.EncodeCall(grain, method, arguments);
        var connection = await pool.GetAsync(target).ConfigureAwait(false);
        Frame reply;
        try
        {
            reply = await connection.SendAsync(FrameKind.Call, body, runtime.Options.CallTimeout).ConfigureAwait(false);
        }
        catch (ConnectionClosedException e) when (!e.Sent)
        {
            throw new SiloUnreachableException(target, "the connection closed", e);
        }
        catch (ConnectionClosedException e)
        {
            _cache.TryRemove(grain, out _);
            throw new GrainUnavailableException($"Silo {target} failed during the call to {grain}; its outcome is unknown.", e);
        }
        catch (TimeoutException)
        {
            throw new GrainCallTimeoutException(grain, runtime.Options.CallTimeout);
        }
        if (reply.Kind == FrameKind.Ok) return codec.DecodeResult<T>(method, reply.Body);
        var error = RemoteErrorCodec.Decode(reply.Body);
        throw error.Kind switch
        {
            RemoteErrorKind.Moved => new GrainMovedException(grain, SiloAddress.Parse(error.Owner!)),
            RemoteErrorKind.NotExecuted => new SiloStoppingException(),
            _ => translator.Decode(error),
        };
    }

    private static TimeSpan RetryDelay(int retries) => TimeSpan.FromMilliseconds(Math.Min(500, 50 * retries));
}
