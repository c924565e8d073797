using MemberCard.Abstractions;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Metadata;

namespace MemberCard.Server.Cluster;

/// <summary>One silo as the membership table has it, with its activations per grain type (active silos only).</summary>
public sealed record SiloItem(
    string Address, string Name, string HostName, string Status, DateTimeOffset StartedAt, DateTimeOffset LastAliveAt,
    int Activations, IReadOnlyDictionary<string, int> ActivationsByType);

/// <summary>One activation: Orleans' grain type name and the grain's key.</summary>
public sealed record ActivationItem(string Type, string Key);

/// <summary>The activations of one silo, by grain type and key (at most <c>limit</c>).</summary>
public sealed record ActivationsResponse(string Silo, int Total, bool Truncated, IReadOnlyList<ActivationItem> Items);

/// <summary>The cluster's silos, and the silo that answered (null when a front door apart from the silos answered).</summary>
public sealed record ClusterResponse(string? ThisSilo, IReadOnlyList<SiloItem> Silos);

/// <summary>Where a grain is active, if it is.</summary>
public sealed record GrainLocationResponse(string GrainType, string Key, string? Silo);

/// <summary>Read-only views of the Orleans cluster for operators (admin only).</summary>
public static class ClusterAdminEndpoints
{
    private static readonly HashSet<string> GrainTypes = ["card", "member", "store", "campaign", "coupon-issuer", "engagement", "rules"];

    /// <summary>Maps <c>/admin/cluster</c>.</summary>
    public static void MapClusterAdminEndpoints(this RouteGroupBuilder api)
    {
        var cluster = api.MapGroup("/admin/cluster").WithTags("Cluster").RequireAuthorization(Caller.AdminPolicy);
        cluster.MapGet("/", ListSilos).WithName(nameof(ListSilos)).WithSummary("The cluster's silos and their membership status (admin)")
            .WithDescription("Every silo in the membership table, active or not, with the one that answered.");
        cluster.MapGet("/grains/{grainType}/{key}", LocateGrain).WithName(nameof(LocateGrain))
            .WithSummary("The silo a grain is active on (admin)")
            .WithDescription("`grainType` is one of card, member, store, campaign, coupon-issuer, engagement, rules; `silo` is null while the grain is not active anywhere.")
            .CanFail(ErrorCodes.ValidationFailed);
        cluster.MapGet("/activations", ListActivations).WithName(nameof(ListActivations))
            .WithSummary("The grains active on one silo (admin)")
            .WithDescription("`silo` is the silo's address as `GET /admin/cluster` lists it, or its silo port; `limit` (1–10,000, " +
                "default 1,000) caps the items, `total` counts them all. Types are Orleans' grain type names (card, member, ...).")
            .CanFail(ErrorCodes.ValidationFailed);
    }

    internal static async Task<Ok<ClusterResponse>> ListSilos(IGrainFactory grains, HttpContext context, GrainTypeResolver types)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        var counts = active.Length == 0 ? [] : await management.GetSimpleGrainStatistics(active);
        var silos = hosts.OrderBy(h => h.SiloAddress.ToString(), StringComparer.Ordinal).Select(h =>
        {
            var byType = counts.Where(c => c.SiloAddress.Equals(h.SiloAddress)).GroupBy(c => GrainTypeNames.Of(types, c.GrainType))
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.ActivationCount));
            return new SiloItem(h.SiloAddress.ToParsableString(), h.SiloName, h.HostName, h.Status.ToString(),
                new DateTimeOffset(h.StartTime, TimeSpan.Zero), new DateTimeOffset(h.IAmAliveTime, TimeSpan.Zero), byType.Values.Sum(), byType);
        }).ToList();
        // A front door (docs/cluster.md) is an Orleans client: it has no silo of its own.
        var local = context.RequestServices.GetService<ILocalSiloDetails>();
        return TypedResults.Ok(new ClusterResponse(local?.SiloAddress.ToParsableString(), silos));
    }

    internal static async Task<Ok<ActivationsResponse>> ListActivations(string? silo, int? limit, IGrainFactory grains)
    {
        var cap = limit ?? 1000;
        if (cap is < 1 or > 10_000) throw DomainException.Invalid("limit", "limit must be between 1 and 10000.");
        if (string.IsNullOrWhiteSpace(silo)) throw DomainException.Invalid("silo", "Name the silo: its address from GET /admin/cluster, or its silo port.");
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        var target = hosts.Keys.FirstOrDefault(a => a.ToParsableString() == silo || (int.TryParse(silo, out var port) && a.Endpoint.Port == port))
            ?? throw DomainException.Invalid("silo", $"No active silo is {silo}.");
        var activations = await management.GetDetailedGrainStatistics(hostsIds: [target]);
        var items = activations.Select(a => new ActivationItem(a.GrainId.Type.ToString()!, a.GrainId.Key.ToString()!))
            .OrderBy(a => a.Type, StringComparer.Ordinal).ThenBy(a => a.Key, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new ActivationsResponse(target.ToParsableString(), items.Count, items.Count > cap, [.. items.Take(cap)]));
    }

    internal static async Task<Ok<GrainLocationResponse>> LocateGrain(string grainType, string key, IGrainFactory grains)
    {
        if (!GrainTypes.Contains(grainType))
            throw DomainException.Invalid("grainType", $"grainType must be one of {string.Join(", ", GrainTypes.Order(StringComparer.Ordinal))}.");
        var reference = grains.GetGrain(GrainId.Create(grainType, key));
        var silo = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(reference);
        return TypedResults.Ok(new GrainLocationResponse(grainType, key, silo?.ToParsableString()));
    }
}
