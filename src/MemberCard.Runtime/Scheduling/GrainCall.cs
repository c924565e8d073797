using MemberCard.Runtime.Catalog;
using MemberCard.Runtime.Invocation;

namespace MemberCard.Runtime.Scheduling;

/// <summary>A call to a grain method, completed with the method's result.</summary>
internal sealed class GrainCall<T>(GrainMethod method, object?[] arguments) : WorkItem
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _completion.Task;

    public override async Task RunAsync(ActivationData activation)
    {
        try
        {
            var task = method.Invoke(activation.Instance, arguments);
            await task.ConfigureAwait(false);
            _completion.TrySetResult(method.ReturnsValue ? ((Task<T>)task).Result : default!);
        }
        catch (InconsistentStateException e)
        {
            // The activation's state is stale: drop it before the caller sees the error, so its retry
            // lands on a fresh activation that reloads state.
            activation.Invalidate(DeactivationReason.StaleState);
            _completion.TrySetException(e);
        }
        catch (Exception e)
        {
            _completion.TrySetException(e);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
