namespace MemberCard.Runtime;

/// <summary>Hands out references to grains; a reference is cheap and activates nothing until called.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain that implements <typeparamref name="TGrain"/> under <paramref name="key"/>.</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : class, IGrainWithStringKey;
}
