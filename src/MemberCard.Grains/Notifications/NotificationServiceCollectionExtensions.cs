using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MemberCard.Grains.Notifications;

/// <summary>Registers notifications: the stream consumer, the webhook sender and the dispatcher.</summary>
public static class NotificationServiceCollectionExtensions
{
    /// <summary>Adds notifications; settings from the "Notifications" section. Needs streams and a database storage provider.</summary>
    public static IServiceCollection AddMemberCardNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NotificationOptions>(configuration.GetSection("Notifications"));
        services.AddSingleton<NotificationConsumer>();
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton<INotificationSender, WebhookSender>();
        services.TryAddSingleton<NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        return services;
    }
}
