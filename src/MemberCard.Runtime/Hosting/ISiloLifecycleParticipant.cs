namespace MemberCard.Runtime.Hosting;

/// <summary>A part of the silo that starts after storage is ready and stops around the deactivation of every grain.</summary>
public interface ISiloLifecycleParticipant
{
    /// <summary>After storage is initialised, before the silo reports itself running.</summary>
    Task OnStartAsync(CancellationToken cancellationToken);

    /// <summary>When stopping begins, before activations are deactivated.</summary>
    Task OnStoppingAsync(CancellationToken cancellationToken);

    /// <summary>After every activation has been deactivated.</summary>
    Task OnStoppedAsync(CancellationToken cancellationToken);
}
