using MemberCard.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MemberCard.Runtime.Reminders;

/// <summary>Registers durable reminders.</summary>
public static class ReminderServiceCollectionExtensions
{
    /// <summary>
    /// Adds the reminder table (SQL when a storage provider registered an <see cref="IProjectionDatabase"/>, else in
    /// memory), the registry grains use, and the service that fires reminders (register after the silo).
    /// </summary>
    public static IServiceCollection AddMemberCardReminders(this IServiceCollection services, Action<ReminderOptions>? configure = null)
    {
        services.AddOptions<ReminderOptions>();
        if (configure is not null) services.Configure(configure);
        services.TryAddSingleton<IReminderTable>(sp => sp.GetService<IProjectionDatabase>() is { } database
            ? new SqlReminderTable(database) : new InMemoryReminderTable());
        services.TryAddSingleton<RemindableGrainTypes>();
        services.TryAddSingleton<IReminderRegistry, ReminderRegistry>();
        services.TryAddSingleton<ReminderService>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderService>());
        return services;
    }

    /// <summary>Declares that grains of contract <typeparamref name="TGrain"/> receive reminders.</summary>
    public static IServiceCollection AddRemindable<TGrain>(this IServiceCollection services)
        where TGrain : class, IRemindable
    {
        services.AddSingleton(new RemindableRegistration(typeof(TGrain), (factory, key) => factory.GetGrain<TGrain>(key)));
        return services;
    }
}
