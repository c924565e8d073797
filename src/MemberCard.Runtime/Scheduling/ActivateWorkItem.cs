using MemberCard.Runtime.Catalog;

namespace MemberCard.Runtime.Scheduling;

/// <summary>The first turn of every activation: construct the grain, load its state, run OnActivateAsync.</summary>
internal sealed class ActivateWorkItem : WorkItem
{
    public override async Task RunAsync(ActivationData activation)
    {
        try
        {
            // Claim the grain in the cluster directory first: a loser must not even load state.
            if (activation.Runtime.Registrar is { } registrar)
                await registrar.RegisterAsync(activation, activation.Runtime.Stopping).ConfigureAwait(false);
            var grain = (Grain)activation.Type.Factory(activation.Runtime.Services, null);
            grain.Attach(activation);
            activation.Instance = grain;
            await grain.LoadStateAsync(activation.Runtime.Stopping).ConfigureAwait(false);
            await grain.OnActivateAsync(activation.Runtime.Stopping).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Calls queued behind a failed activation fail with the same cause (storage down → 503 at the edge).
            activation.FailActivation(e);
        }
    }

    public override void Fail(Exception exception)
    {
    }
}
