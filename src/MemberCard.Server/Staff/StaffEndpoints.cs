using MemberCard.Abstractions.Access;
using MemberCard.Runtime;
using MemberCard.Server.Cards;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Staff;

/// <summary>Create a staff account.</summary>
public sealed record CreateStaffRequest(string? Username, string? Password, string? Role, string? StoreId);

/// <summary>A staff account (never its password).</summary>
public sealed record StaffResponse(string Username, string Role, string? StoreId, bool Disabled, DateTime CreatedAt)
{
    public static StaffResponse From(StaffView v) => new(v.Username, v.Role, v.StoreId, v.Disabled, v.CreatedAt.UtcDateTime);
}

/// <summary>/api/v1/staff (admin).</summary>
public static class StaffEndpoints
{
    internal const string DirectoryKey = "all";
    private const int MinPasswordLength = 12;

    public static void MapStaffEndpoints(this RouteGroupBuilder api)
    {
        var staff = api.MapGroup("/staff").WithTags("Access").RequireAuthorization(Caller.AdminPolicy);
        staff.MapPost("/", CreateStaff).WithName(nameof(CreateStaff)).WithSummary("Create a staff account (admin)")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        staff.MapGet("/", ListStaff).WithName(nameof(ListStaff)).WithSummary("Every staff account (admin)");
        staff.MapPost("/{username}/disable", DisableStaff).WithName(nameof(DisableStaff)).WithSummary("Disable a staff account (admin)")
            .ProducesProblem(404);
    }

    [Audited("staff.create")]
    internal static async Task<Created<StaffResponse>> CreateStaff(CreateStaffRequest request, HttpContext context, IGrainFactory grains, PasswordHasher passwords)
    {
        var rules = new RequestRules();
        var username = rules.Text("username", request.Username, 64).ToLowerInvariant();
        if (username.Length > 0 && !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            rules.Fail("username", "username may hold letters, digits, '.', '_' and '-'.");
        var password = rules.Text("password", request.Password, 256);
        if (password.Length is > 0 and < MinPasswordLength) rules.Fail("password", $"password must be at least {MinPasswordLength} characters.");
        var role = rules.Text("role", request.Role, 20);
        if (role.Length > 0 && !Roles.Staff.Contains(role)) rules.Fail("role", $"role must be one of {string.Join(", ", Roles.Staff)}.");
        var storeId = rules.StoreId("storeId", request.StoreId, required: Roles.IsStoreBound(role));
        if (!Roles.IsStoreBound(role) && storeId.Length > 0) rules.Fail("storeId", "Only store managers and cashiers are bound to a store.");
        rules.ThrowIfAny();
        if (storeId.Length > 0) await StoreEndpoints.FindAsync(grains, storeId);
        var created = await grains.GetGrain<IStaffDirectoryGrain>(DirectoryKey).CreateAsync(
            new CreateStaff(username, passwords.Hash(password), role, storeId.Length == 0 ? null : storeId, Caller.Actor(context)));
        return TypedResults.Created($"/api/v1/staff/{username}", StaffResponse.From(created));
    }

    internal static async Task<Ok<ListResponse<StaffResponse>>> ListStaff(IGrainFactory grains) =>
        TypedResults.Ok(new ListResponse<StaffResponse>(
            [.. (await grains.GetGrain<IStaffDirectoryGrain>(DirectoryKey).ListAsync()).Select(StaffResponse.From)], null));

    [Audited("staff.disable")]
    internal static async Task<Ok<StaffResponse>> DisableStaff(string username, HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(StaffResponse.From(await grains.GetGrain<IStaffDirectoryGrain>(DirectoryKey).DisableAsync(username.ToLowerInvariant(), Caller.Actor(context))));
}
