using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Concurrency;
using Orleans.Storage;

namespace MemberCard.Storage.State;

/// <summary>
/// Retries a call once when it failed in a way that left nothing done:
/// <list type="bullet">
/// <item><see cref="InconsistentStateException"/>: the activation that ran it held stale state, committed nothing, and
/// Orleans deactivated it, so the retry reaches a fresh activation that reloads the state;</item>
/// <item><see cref="OrleansMessageRejectionException"/>: the target silo refused the message unprocessed (it is
/// stopping, or the activation moved);</item>
/// <item><see cref="SiloUnavailableException"/> on a <c>[ReadOnly]</c> call: the silo left while the call was out; a
/// read is safe to send again, a write is not (it may have committed), so a write's failure goes to the caller, whose
/// idempotency key makes its own retry safe.</item>
/// </list>
/// A second failure goes to the caller (503 <c>unavailable</c> at the REST edge).
/// </summary>
/// <remarks>
/// The retry is a new call through the grain reference with the same arguments, not a second
/// <c>context.Invoke()</c>: a same-silo call hands its request object to the target, which clears it for reuse once
/// the call ends, so only the arguments taken beforehand are still whole.
/// </remarks>
internal sealed class RetryOnceFilter : IOutgoingGrainCallFilter
{
    // A silo that left needs a moment to be known gone before the retry is placed elsewhere.
    private static readonly TimeSpan SiloGoneDelay = TimeSpan.FromMilliseconds(200);
    private static readonly AsyncLocal<bool> Retrying = new();
    private static readonly ConcurrentDictionary<MethodInfo, bool> ReadOnlyMethods = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (Retrying.Value || context.InterfaceMethod is not { } method || !typeof(Task).IsAssignableFrom(method.ReturnType))
        {
            await context.Invoke();
            return;
        }
        var request = context.Request;
        var arguments = new object?[request.GetArgumentCount()];
        for (var i = 0; i < arguments.Length; i++) arguments[i] = request.GetArgument(i);
        try
        {
            await context.Invoke();
        }
        catch (InconsistentStateException)
        {
            context.Result = await RetryAsync(context, method, arguments);
        }
        catch (Exception e) when (e is OrleansMessageRejectionException || (e is SiloUnavailableException && IsReadOnly(method)))
        {
            await Task.Delay(SiloGoneDelay);
            context.Result = await RetryAsync(context, method, arguments);
        }
    }

    private static bool IsReadOnly(MethodInfo method) =>
        ReadOnlyMethods.GetOrAdd(method, m => m.GetCustomAttribute<ReadOnlyAttribute>() is not null);

    private static async Task<object?> RetryAsync(IOutgoingGrainCallContext context, MethodInfo method, object?[] arguments)
    {
        Retrying.Value = true;
        try
        {
            var call = (Task)method.Invoke(context.Grain, arguments)!;
            await call;
            return method.ReturnType.IsGenericType ? method.ReturnType.GetProperty(nameof(Task<object>.Result))!.GetValue(call) : null;
        }
        finally
        {
            Retrying.Value = false;
        }
    }
}
