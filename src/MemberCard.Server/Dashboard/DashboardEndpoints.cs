using MemberCard.Abstractions;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Dashboard;

using MemberCard.Server.Hosting;

namespace MemberCard.Server.Dashboard;

/// <summary>
/// The Orleans dashboard (<c>Microsoft.Orleans.Dashboard</c>) at <c>/dashboard</c>, admin only, and the session
/// endpoints that let a signed-in admin's browser open it (<see cref="DashboardSession"/>).
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Whether the silo runs the dashboard (<c>Dashboard:Enabled</c>, default true).</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue("Dashboard:Enabled", true) && !FrontDoorHosting.IsFrontDoor(configuration); // the silos serve it

    /// <summary>Maps <c>/admin/dashboard/session</c> under the API.</summary>
    public static void MapDashboardSessionEndpoints(this RouteGroupBuilder api)
    {
        var session = api.MapGroup("/admin/dashboard/session").WithTags("Cluster").RequireAuthorization(Caller.AdminPolicy);
        session.MapPost("/", OpenDashboardSession).WithName(nameof(OpenDashboardSession))
            .WithSummary("Lets this browser open the Orleans dashboard at /dashboard/ (admin, staff token)")
            .WithDescription("Sets an HttpOnly, SameSite=Strict cookie for the path /dashboard holding the request's own bearer token, " +
                "valid as long as that token. Needs a staff token (`POST /auth/token`): an API key cannot be put in a cookie.")
            .CanFail(ErrorCodes.ValidationFailed);
        session.MapDelete("/", CloseDashboardSession).WithName(nameof(CloseDashboardSession))
            .WithSummary("Ends this browser's dashboard session (admin)")
            .WithDescription("Clears the cookie; sign-out in the console calls it.");
    }

    /// <summary>Maps the dashboard itself at <c>/dashboard</c> (admin only), when the silo runs it.</summary>
    public static void MapMemberCardDashboard(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration)) return;
        app.MapOrleansDashboard(DashboardSession.Path).RequireAuthorization(Caller.AdminPolicy).ExcludeFromDescription();
    }

    internal static NoContent OpenDashboardSession(HttpContext context)
    {
        if (!DashboardSession.Open(context))
            throw DomainException.Invalid("Authorization", "The dashboard needs a staff sign-in: send the bearer token from POST /api/v1/auth/token.");
        return TypedResults.NoContent();
    }

    internal static NoContent CloseDashboardSession(HttpContext context)
    {
        DashboardSession.Close(context);
        return TypedResults.NoContent();
    }
}
