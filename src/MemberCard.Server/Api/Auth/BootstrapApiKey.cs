using MemberCard.Abstractions.Access;

namespace MemberCard.Server.Api.Auth;

/// <summary>
/// On start, makes the key in <c>MEMBERCARD_BOOTSTRAP_API_KEY</c> (when set) an admin key, so a fresh install
/// can be driven by scripts. Registered after the silo, so it runs once grains can be called.
/// </summary>
internal sealed class BootstrapApiKey(IConfiguration configuration, IGrainFactory grains, ILogger<BootstrapApiKey> logger) : IHostedService
{
    public const string Variable = "MEMBERCARD_BOOTSTRAP_API_KEY";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var key = configuration[Variable];
        if (string.IsNullOrEmpty(key))
        {
            logger.LogInformation("{Variable} is not set; no bootstrap admin key", Variable);
            return;
        }
        var hash = ApiKeyAuthentication.HashOf(key);
        var view = await grains.GetGrain<IApiKeyGrain>(hash).EnsureAsync(new CreateApiKey(Roles.Admin, null, "bootstrap"));
        await grains.GetGrain<IApiKeyRegistryGrain>(ApiKeys.ApiKeyEndpoints.RegistryKey).EnsureListedAsync(hash, view);
        logger.LogInformation("Bootstrap admin key {KeyId} is active", hash[..12]);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
