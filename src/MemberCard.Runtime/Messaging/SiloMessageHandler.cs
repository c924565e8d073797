using System.Text;
using MemberCard.Runtime.Catalog;
using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.Membership;
using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.Messaging;

/// <summary>Answers the requests other silos send: hello, probes, gossip and grain calls (run on this silo's activations).</summary>
internal sealed class SiloMessageHandler(
    SiloAddress localSilo,
    GrainCatalog catalog,
    GrainCallCodec codec,
    RemoteExceptionTranslator translator,
    IMembershipMessenger messenger,
    MembershipAgent agent,
    ClusterOptions options,
    ILogger<SiloMessageHandler> logger)
{
    private static readonly byte[] Yes = [1];
    private static readonly byte[] No = [0];

    public async Task<Frame> HandleAsync(PeerSession session, Frame request)
    {
        if (request.Kind == FrameKind.Hello) return Hello(session, request);
        if (request.Kind == FrameKind.Auth) return Authenticate(session, request);
        if (!session.Authenticated)
            return Reply(request, FrameKind.Error, RemoteErrorCodec.Encode(new RemoteError("Auth", "Not authenticated: prove the cluster secret first.")));
        switch (request.Kind)
        {
            case FrameKind.Call:
                return await CallAsync(request).ConfigureAwait(false);
            case FrameKind.Ping:
                return Reply(request, FrameKind.Ok, []);
            case FrameKind.IndirectProbe:
                var target = SiloAddress.Parse(Encoding.UTF8.GetString(request.Body));
                var alive = await messenger.ProbeAsync(target, options.Membership.ProbeTimeout).ConfigureAwait(false);
                return Reply(request, FrameKind.Ok, alive ? Yes : No);
            case FrameKind.Gossip:
                _ = RefreshAsync();
                return Reply(request, FrameKind.Ok, []);
            default:
                return Reply(request, FrameKind.Error, RemoteErrorCodec.Encode(new RemoteError("Protocol", $"Unknown frame kind {request.Kind}.")));
        }
    }

    // Names the silo meant (a restarted endpoint is refused); with a secret, also answers the challenge-response.
    private Frame Hello(PeerSession session, Frame request)
    {
        var (meant, nonce) = SiloHandshake.ParseHello(request.Body);
        if (meant != localSilo.ToString())
            return Reply(request, FrameKind.Error, RemoteErrorCodec.Encode(new RemoteError("Hello", $"This is {localSilo}, not {meant}.")));
        if (options.Secret is not { } secret) return Reply(request, FrameKind.Ok, []);
        if (nonce.Length != SiloHandshake.NonceSize)
            return Reply(request, FrameKind.Error, RemoteErrorCodec.Encode(new RemoteError("Auth", "This silo requires the cluster secret.")));
        var challenge = SiloHandshake.NewNonce();
        session.Pending = (challenge, meant);
        return Reply(request, FrameKind.Ok, SiloHandshake.Answer(secret, meant, nonce, challenge));
    }

    // One proof per challenge: a wrong one uses the challenge up, so guessing needs a new hello each time.
    private Frame Authenticate(PeerSession session, Frame request)
    {
        var pending = session.Pending;
        session.Pending = null;
        if (options.Secret is { } secret && pending is { } p && SiloHandshake.Verify(secret, p.Meant, p.Challenge, request.Body))
        {
            session.Authenticated = true;
            return Reply(request, FrameKind.Ok, []);
        }
        logger.LogWarning("A peer failed to prove the cluster secret");
        return Reply(request, FrameKind.Error, RemoteErrorCodec.Encode(new RemoteError("Auth", "Not authenticated.")));
    }

    private async Task<Frame> CallAsync(Frame request)
    {
        try
        {
            var (type, grain, method, arguments) = codec.DecodeCall(request.Body);
            var result = await method.InvokeLocal(catalog, type, grain, arguments).ConfigureAwait(false);
            return Reply(request, FrameKind.Ok, codec.EncodeResult(method, result));
        }
        catch (Exception e)
        {
            return Reply(request, FrameKind.Error, RemoteErrorCodec.Encode(translator.Encode(e)));
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            await agent.RefreshAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Refresh after gossip failed");
        }
    }

    private static Frame Reply(Frame request, FrameKind kind, byte[] body) => new(kind, request.Id, body);
}
