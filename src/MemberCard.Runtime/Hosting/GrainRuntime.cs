using MemberCard.Runtime.Catalog;
using MemberCard.Runtime.Invocation;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemberCard.Runtime.Hosting;

/// <summary>The services one silo's grains share. Grains reach it through <see cref="Grain"/>.</summary>
public sealed class GrainRuntime
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly GroupCommitter? _committer;
    private bool _crashed;

    /// <summary>Creates the runtime of one silo.</summary>
    public GrainRuntime(
        IOptions<SiloOptions> options,
        GrainTypeRegistry types,
        IGrainStorage storage,
        GrainSerializer serializer,
        TimeProvider timeProvider,
        IServiceProvider services,
        ILoggerFactory loggerFactory)
    {
        Options = options.Value;
        Types = types;
        Storage = storage;
        Serializer = serializer;
        TimeProvider = timeProvider;
        Services = services;
        Catalog = new GrainCatalog(this, loggerFactory.CreateLogger<GrainCatalog>());
        GrainFactory = new GrainFactory(this);
        GrainLogger = loggerFactory.CreateLogger("MemberCard.Runtime.Grains");
        _committer = Options.GroupCommit.Enabled ? new GroupCommitter(storage, Options.GroupCommit) : null;
    }

    internal SiloOptions Options { get; }

    internal GrainTypeRegistry Types { get; }

    internal IGrainStorage Storage { get; }

    internal GrainSerializer Serializer { get; }

    internal TimeProvider TimeProvider { get; }

    internal IServiceProvider Services { get; }

    internal GrainCatalog Catalog { get; }

    internal IGrainFactory GrainFactory { get; }

    internal ILogger GrainLogger { get; }

    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>Routes calls between silos; null on a lone silo.</summary>
    internal Messaging.GrainCallRouter? Router { get; set; }

    /// <summary>Registers activations in the cluster directory; null on a lone silo.</summary>
    internal GrainDirectory.ActivationRegistrar? Registrar { get; set; }

    internal void CancelStopping() => _stopping.Cancel();

    /// <summary>Commits a grain's write, through the group committer when it is on.</summary>
    internal Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken) =>
        Volatile.Read(ref _crashed) ? Task.FromException<long>(new IOException("The silo crashed; it writes nothing more."))
        : _committer is null ? Storage.WriteAsync(write, cancellationToken) : _committer.WriteAsync(write);

    /// <summary>
    /// Simulates the process dying for storage: no write of this silo commits from now on (its activations may still
    /// run in memory, as a dead process's would not, but they can change nothing).
    /// </summary>
    internal void Crash() => Volatile.Write(ref _crashed, true);

    /// <summary>After the last activation is gone: commit what is queued and stop the committer.</summary>
    internal ValueTask StopWritingAsync() => _committer?.DisposeAsync() ?? ValueTask.CompletedTask;
}
