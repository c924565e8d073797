using System.Text.Json.Serialization;
using MemberCard.Server.Activities;
using MemberCard.Server.ApiKeys;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Errors;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Audit;
using MemberCard.Server.Campaigns;
using MemberCard.Server.Cluster;
using MemberCard.Server.Dashboard;
using MemberCard.Server.Cards;
using MemberCard.Server.Hosting;
using MemberCard.Server.Mall;
using MemberCard.Server.Me;
using MemberCard.Server.Members;
using MemberCard.Server.Notifications;
using MemberCard.Server.Privacy;
using MemberCard.Server.Rules;
using MemberCard.Server.Staff;
using MemberCard.Server.Stores;
using MemberCard.Server.Reports;
using MemberCard.Server.Streams;
using MemberCard.Server.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MemberCard.Server.Api;

/// <summary>The REST front door: services, middleware order and routes, in one readable place.</summary>
public static class ApiSetup
{
    /// <summary>Adds authentication, authorization, rate limits, problem details, JSON and OpenAPI.</summary>
    public static WebApplicationBuilder AddMemberCardApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblem.AddMissingExtensions);
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, ReportsJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(2, CampaignApiJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Add(ActivityApiJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Add(MallApiJsonContext.Default);
            // The web defaults read numbers from strings; money must be a JSON number.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        // One credential per request: a bearer token (staff) when an Authorization header carries one (or, on the
        // dashboard's paths, its session cookie), else X-Api-Key.
        services.AddAuthentication(CredentialScheme)
            .AddPolicyScheme(CredentialScheme, null, o => o.ForwardDefaultSelector = context =>
                BearerAuthentication.IsPresent(context.Request) || DashboardSession.IsPresent(context.Request)
                    ? BearerAuthentication.SchemeName : ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddJwtBearer(BearerAuthentication.SchemeName);
        services.ConfigureOptions<BearerAuthentication>();
        services.ConfigureOptions<DashboardSession>();
        var authorization = services.AddAuthorizationBuilder();
        foreach (var (policy, roles) in Caller.PolicyRoles) authorization.AddPolicy(policy, p => p.RequireRole(roles));
        services.Configure<JwtOptions>(builder.Configuration.GetSection("Auth:Jwt"));
        services.TryAddSingleton<JwtTokens>();
        services.TryAddSingleton<PasswordHasher>();
        services.TryAddSingleton<LoginThrottle>();
        services.TryAddSingleton<SignInThrottle>();
        services.TryAddSingleton<IdNumberLookups>();
        services.TryAddSingleton<MemberCodeCards>();
        services.TryAddSingleton<CardWriteBatcher>();
        services.TryAddSingleton<PasswordHashingBudget>();
        services.Configure<StaffStampOptions>(builder.Configuration.GetSection("Auth:StaffStamp"));
        services.TryAddSingleton<IStaffStampReader, GrainStaffStampReader>();
        services.TryAddSingleton<StaffStampCache>();
        services.TryAddSingleton<IAuditTrailWriter, GrainAuditTrailWriter>();
        services.AddHostedService<SecretWarnings>();
        services.TryAddSingleton<CredentialRateLimit.Buckets>();
        services.AddHostedService<BootstrapApiKey>();
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<ApiDocumentTransformer>();
            o.AddOperationTransformer<ApiOperationTransformer>();
            o.AddSchemaTransformer<ApiSchemaTransformer>();
            o.AddOperationTransformer<PosTagTransformer>();
        });
        return builder;
    }

    /// <summary>Middleware, outermost first.</summary>
    public static WebApplication UseMemberCardApi(this WebApplication app)
    {
        app.UseMemberCardMetricsPort();
        app.UseTrustedProxies();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMemberCardPosMetrics();
        app.UseMiddleware<RequestSizeLimit>();
        app.UseAuthentication();
        // Inside authentication (it audits only authenticated callers) and outside authorization (so 403s are seen).
        app.UseMiddleware<AuditRefusals>();
        app.UseMiddleware<CredentialRateLimit>();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Every route: the API under /api/v1, health, OpenAPI and Swagger UI.</summary>
    public static WebApplication MapMemberCardApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapStoreEndpoints();
        api.MapMemberEndpoints();
        api.MapCardEndpoints();
        api.MapApiKeyEndpoints();
        api.MapAuthEndpoints();
        api.MapStaffEndpoints();
        api.MapAuditEndpoints();
        api.MapPersonalDataEndpoints();
        api.MapReportEndpoints();
        api.MapStreamAdminEndpoints();
        api.MapClusterAdminEndpoints();
        api.MapDashboardSessionEndpoints();
        api.MapRulesEndpoints();
        api.MapCampaignEndpoints();
        api.MapCouponEndpoints();
        api.MapNotificationEndpoints();
        api.MapMemberSignInEndpoints();
        api.MapMeEndpoints();
        api.MapActivityEndpoints();
        api.MapMyActivityEndpoints();
        api.MapMallEndpoints();

        app.MapMemberCardMetrics();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapMemberCardDashboard();
        app.MapOpenApi();
        // Only under /swagger: the UI's middleware matches every request's path with a regex (seen in a POS profile).
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/swagger"), swagger => swagger.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "MemberCard API v1");
            o.RoutePrefix = "swagger";
        }));
        return app;
    }

    private const string CredentialScheme = "Credential";
}
