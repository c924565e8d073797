using MemberCard.Abstractions;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Cluster;

/// <summary>One silo as the membership table has it.</summary>
public sealed record SiloItem(string Address, string Name, string HostName, string Status, DateTimeOffset StartedAt, DateTimeOffset LastAliveAt);

/// <summary>The cluster's silos.</summary>
public sealed record ClusterResponse(string ThisSilo, IReadOnlyList<SiloItem> Silos);

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
    }

    internal static async Task<Ok<ClusterResponse>> ListSilos(IGrainFactory grains, ILocalSiloDetails local)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        var silos = hosts.OrderBy(h => h.SiloAddress.ToString(), StringComparer.Ordinal).Select(h => new SiloItem(
            h.SiloAddress.ToParsableString(), h.SiloName, h.HostName, h.Status.ToString(), new DateTimeOffset(h.StartTime, TimeSpan.Zero),
            new DateTimeOffset(h.IAmAliveTime, TimeSpan.Zero))).ToList();
        return TypedResults.Ok(new ClusterResponse(local.SiloAddress.ToParsableString(), silos));
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
