using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace MemberCard.Server.Hosting;

/// <summary>
/// TLS between silos (and from external clients to the gateway) with one cluster certificate, from
/// <c>Cluster:Certificate:Path</c> (a PKCS#12 file) and <c>Cluster:Certificate:Password</c>. Both sides present it and
/// each accepts only a peer presenting the same certificate (pinned by thumbprint), so a self-signed certificate made
/// for the cluster is enough and no other certificate, even one a public CA signed, gets in.
/// </summary>
public static class SiloTls
{
    /// <summary>Whether a certificate is configured.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Cluster:Certificate:Path"]);

    /// <summary>Turns TLS on for the silo's connections with the configured certificate.</summary>
    public static void Use(ISiloBuilder silo, IConfiguration configuration)
    {
        var certificate = Load(configuration);
        silo.UseTls(certificate, options => Pin(options, certificate.Thumbprint));
    }

    /// <summary>Turns TLS on for a front door's gateway connections with the same certificate.</summary>
    public static void Use(IClientBuilder client, IConfiguration configuration)
    {
        var certificate = Load(configuration);
        client.UseTls(certificate, options => Pin(options, certificate.Thumbprint));
    }

    private static X509Certificate2 Load(IConfiguration configuration)
    {
        var path = configuration["Cluster:Certificate:Path"]!;
        if (!File.Exists(path)) throw new InvalidOperationException($"Cluster:Certificate:Path {path} does not exist.");
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["Cluster:Certificate:Password"]);
        return certificate.HasPrivateKey ? certificate : throw new InvalidOperationException($"The cluster certificate {path} has no private key.");
    }

    private static void Pin(TlsOptions options, string thumbprint)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (remote, _, _) => string.Equals(remote.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase);
    }
}
