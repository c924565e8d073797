using MemberCard.Grains.Privacy;
using MemberCard.Server.Api.Auth;

namespace MemberCard.Server.Hosting;

/// <summary>
/// Says loudly at start when secrets fall back to development values, so zero-config installs work but nobody
/// mistakes them for production.
/// </summary>
internal sealed class SecretWarnings(PersonalDataCipher cipher, JwtTokens tokens, IConfiguration configuration, ILogger<SecretWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (cipher.UsesDevelopmentKey)
            logger.LogWarning("PERSONAL DATA IS ENCRYPTED WITH THE PUBLIC DEVELOPMENT KEY. Set PersonalData:Keys and PersonalData:CurrentKeyId before storing real members (docs/security.md).");
        if (string.IsNullOrEmpty(configuration["PhoneIndex:HashKey"]))
            logger.LogWarning("The phone blind index uses the development HMAC key. Set PhoneIndex:HashKey in production (docs/security.md).");
        if (string.IsNullOrEmpty(configuration["IdNumberIndex:HashKey"]))
            logger.LogWarning("The ID-number blind index uses the development HMAC key. Set IdNumberIndex:HashKey in production (docs/security.md).");
        if (tokens.UsesEphemeralKey)
            logger.LogWarning("Auth:Jwt:SigningKey is not set: staff tokens are signed with a random per-process key, valid on this silo only until it restarts.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
