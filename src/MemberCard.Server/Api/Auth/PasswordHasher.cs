using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MemberCard.Server.Api.Auth;

/// <summary>
/// Staff passwords as PBKDF2-HMAC-SHA256 with a random 16-byte salt, written
/// <c>pbkdf2-sha256${iterations}${salt}${hash}</c>: the scheme and cost travel with each hash, so the cost can be
/// raised later without invalidating old hashes.
/// </summary>
internal sealed class PasswordHasher(IConfiguration configuration)
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltSize = 16;
    private const int HashSize = 32;

    // OWASP's 2023 figure for PBKDF2-HMAC-SHA256; tests lower it through configuration to stay fast.
    private readonly int _iterations = configuration.GetValue("Auth:PasswordIterations", 600_000);

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, _iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Join('$', Scheme, _iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
            return false;
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the time of one verification, so an unknown username answers as slowly as a wrong password.</summary>
    public void Waste(string password) => Rfc2898DeriveBytes.Pbkdf2(password, new byte[SaltSize], _iterations, HashAlgorithmName.SHA256, HashSize);
}
