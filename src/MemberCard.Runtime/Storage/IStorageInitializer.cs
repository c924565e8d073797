namespace MemberCard.Runtime.Storage;

/// <summary>
/// Brings a provider's schema up to date before the silo takes calls. Providers apply their versioned
/// SQL scripts in order and record each one, so running it on every start is safe and cheap.
/// </summary>
public interface IStorageInitializer
{
    /// <summary>Creates or migrates the schema.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);
}
