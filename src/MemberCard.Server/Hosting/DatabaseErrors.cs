using Orleans.Serialization;

namespace MemberCard.Server.Hosting;

/// <summary>
/// A storage error raised in a grain on another silo reaches the caller as an exception Orleans serialized. Orleans'
/// exception codec carries only the namespaces it is told (Microsoft, System, Azure by default); Npgsql's exceptions
/// then failed as <c>CodecNotFoundException</c>, and the API answered 500 instead of 503. With Npgsql added they
/// arrive as themselves (message, stack, inner exception; not their own fields such as SqlState), so they classify
/// as the database being unreachable.
/// </summary>
internal static class DatabaseErrors
{
    public static IServiceCollection AddSerializableDatabaseErrors(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
}
