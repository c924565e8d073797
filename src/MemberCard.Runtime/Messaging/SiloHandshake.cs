using System.Security.Cryptography;
using System.Text;

namespace MemberCard.Runtime.Messaging;

/// <summary>
/// Challenge-response between silos that share the cluster secret (docs/cluster.md, "Silo authentication"). The
/// caller's hello is <c>silo|hex(nonce)</c>; the answer is a fresh challenge followed by the server's proof over the
/// nonce; the caller then sends its proof over the challenge. Proofs are HMAC-SHA256 keyed by the secret, compared in
/// constant time; the secret never crosses the wire.
/// </summary>
internal static class SiloHandshake
{
    public const int NonceSize = 16;
    private const int ProofSize = 32;

    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(NonceSize);

    public static byte[] Hello(string meant, byte[] nonce) => Encoding.UTF8.GetBytes($"{meant}|{Convert.ToHexString(nonce)}");

    /// <summary>The silo meant and the caller's nonce (empty from a caller that sent no nonce).</summary>
    public static (string Meant, byte[] Nonce) ParseHello(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var bar = text.LastIndexOf('|');
        if (bar < 0) return (text, []);
        try
        {
            return (text[..bar], Convert.FromHexString(text[(bar + 1)..]));
        }
        catch (FormatException)
        {
            return (text, []);
        }
    }

    /// <summary>The hello answer of a silo with a secret: its challenge, then its proof over the caller's nonce.</summary>
    public static byte[] Answer(string secret, string meant, byte[] nonce, byte[] challenge) =>
        [.. challenge, .. Proof(secret, "server", meant, nonce)];

    /// <summary>
    /// The caller's side: checks the server's proof in <paramref name="answer"/> and returns the caller's proof over the
    /// challenge, or null when the answer does not prove the secret.
    /// </summary>
    public static byte[]? Respond(string secret, string meant, byte[] nonce, byte[] answer)
    {
        if (answer.Length != NonceSize + ProofSize) return null;
        var challenge = answer[..NonceSize];
        if (!CryptographicOperations.FixedTimeEquals(answer[NonceSize..], Proof(secret, "server", meant, nonce))) return null;
        return Proof(secret, "client", meant, challenge);
    }

    /// <summary>The server's side: whether <paramref name="proof"/> is the caller's proof over the challenge it was sent.</summary>
    public static bool Verify(string secret, string meant, byte[] challenge, byte[] proof) =>
        CryptographicOperations.FixedTimeEquals(proof, Proof(secret, "client", meant, challenge));

    private static byte[] Proof(string secret, string role, string meant, byte[] value) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.UTF8.GetBytes($"{role}|{meant}|"), .. value]);
}

/// <summary>What a silo knows about one accepted connection: whether the peer has proved the cluster secret.</summary>
internal sealed class PeerSession(bool authenticated)
{
    private volatile bool _authenticated = authenticated;

    public bool Authenticated
    {
        get => _authenticated;
        set => _authenticated = value;
    }

    /// <summary>The challenge sent in answer to the hello, and the silo it named; null before the hello.</summary>
    public (byte[] Challenge, string Meant)? Pending { get; set; }
}
