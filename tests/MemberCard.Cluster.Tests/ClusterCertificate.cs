using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MemberCard.Cluster.Tests;

/// <summary>A self-signed cluster certificate written to a PKCS#12 file, as an operator would make one for a cluster.</summary>
internal static class ClusterCertificate
{
    public const string Password = "cluster-tests";

    public static string CreateFile(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Path.GetTempPath(), $"membercard-{subject}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
