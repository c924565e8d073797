using System.Runtime.InteropServices;

namespace MemberCard.Cli.Load;

/// <summary>
/// Ctrl-C (or SIGTERM) once: stop sending, let the requests in flight finish, check and summarize.
/// A second time: the default handling, which ends the process at once.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _source.Token;

    public bool Interrupted => _source.IsCancellationRequested;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested) return;
        context.Cancel = true;
        Console.Error.WriteLine();
        Console.Error.WriteLine("stopping: letting the requests in flight finish, then checking and summarizing (press Ctrl-C again to quit at once)");
        _source.Cancel();
    }
}
