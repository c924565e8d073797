namespace MemberCard.Client;

/// <summary>Stores: <c>/api/v1/stores</c>.</summary>
public sealed class StoresClient
{
    private static readonly MemberCardJsonContext Json = MemberCardJsonContext.Default;

    private readonly ApiTransport _api;

    internal StoresClient(ApiTransport api) => _api = api;

    /// <summary>Creates a store (admin credential). Refusals: <c>store_exists</c>, <c>validation_failed</c>, <c>forbidden</c>.</summary>
    /// <remarks>Not retried after a 503: had the first attempt worked, the retry would be refused with <c>store_exists</c>.</remarks>
    [PosOperation("CreateStore", "POST", "/api/v1/stores")]
    public Task<Store> CreateAsync(CreateStoreRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, "api/v1/stores", request, Json.CreateStoreRequest, Json.Store, retrySafe: false, null, cancellationToken);

    /// <summary>The store. Refusals: <c>store_not_found</c>, <c>forbidden</c> (another store's terminal).</summary>
    [PosOperation("GetStore", "GET", "/api/v1/stores/{storeId}")]
    public Task<Store> GetAsync(string storeId, CancellationToken cancellationToken = default) =>
        _api.GetAsync($"api/v1/stores/{ApiTransport.Segment(storeId)}", Json.Store, cancellationToken);
}
