using System.ComponentModel.DataAnnotations;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Grains.Shared;
using MemberCard.Server.Cards;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Members;
using MemberCard.Server.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Staff;

/// <summary>Create a staff account.</summary>
/// <remarks><c>storeId</c> is required for store_manager and cashier, and not allowed for the other roles.</remarks>
public sealed record CreateStaffRequest(
    [property: Required, StringLength(StaffEndpoints.MaxUsername, MinimumLength = 1), RegularExpression(StaffEndpoints.UsernamePattern)] string? Username,
    [property: Required, StringLength(StaffEndpoints.MaxPassword, MinimumLength = StaffEndpoints.MinPasswordLength)] string? Password,
    [property: Required, AllowedValues(Roles.Admin, Roles.Marketing, Roles.Finance, Roles.StoreManager, Roles.Cashier)] string? Role,
    [property: RegularExpression(MemberEndpoints.OptionalStoreIdPattern)] string? StoreId);

/// <summary>A staff account (never its password).</summary>
public sealed record StaffResponse(
    string Username, [property: AllowedValues(Roles.Admin, Roles.Marketing, Roles.Finance, Roles.StoreManager, Roles.Cashier)] string Role, string? StoreId, bool Disabled, DateTime CreatedAt)
{
    public static StaffResponse From(StaffView v) => new(v.Username, v.Role, v.StoreId, v.Disabled, v.CreatedAt.UtcDateTime);
}

/// <summary>/api/v1/staff (admin).</summary>
public static class StaffEndpoints
{
    internal const string DirectoryKey = "all";
    /// <summary>The shortest password.</summary>
    internal const int MinPasswordLength = 12;

    /// <summary>The longest password.</summary>
    internal const int MaxPassword = 256;

    /// <summary>The longest username.</summary>
    internal const int MaxUsername = 64;

    /// <summary>A username's characters (it is kept lower-case).</summary>
    internal const string UsernamePattern = "^[A-Za-z0-9._-]+$";

    public static void MapStaffEndpoints(this RouteGroupBuilder api)
    {
        var staff = api.MapGroup("/staff").WithTags("Access").RequireAuthorization(Caller.AdminPolicy);
        staff.MapPost("/", CreateStaff).WithName(nameof(CreateStaff)).WithSummary("Create a staff account (admin)")
            .WithDescription("Creates a staff account that logs in with POST /api/v1/auth/token. Store managers and cashiers are bound "
                + "to `storeId`; the other roles are not. The username is kept lower-case.")
            .CanFail(ErrorCodes.StaffExists, ErrorCodes.StoreNotFound, ErrorCodes.ValidationFailed);
        staff.MapGet("/", ListStaff).WithName(nameof(ListStaff)).WithSummary("Every staff account (admin)")
            .WithDescription("Every staff account, never a password; `nextCursor` is always null.");
        staff.MapPost("/{username}/disable", DisableStaff).WithName(nameof(DisableStaff)).WithSummary("Disable a staff account (admin)")
            .WithDescription("The account can no longer log in, and its tokens already issued stop working within seconds on every silo.")
            .CanFail(ErrorCodes.StaffNotFound);
        api.MapStaffPasswordEndpoints();
    }

    [Audited("staff.create")]
    internal static async Task<Created<StaffResponse>> CreateStaff(
        CreateStaffRequest request, HttpContext context, IGrainFactory grains, CurrentStores stores, PasswordHasher passwords)
    {
        var rules = new RequestRules();
        var username = rules.Text("username", request.Username, MaxUsername).ToLowerInvariant();
        if (username.Length > 0 && !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            rules.Fail("username", "username may hold letters, digits, '.', '_' and '-'.");
        var password = rules.Text("password", request.Password, MaxPassword);
        if (password.Length is > 0 and < MinPasswordLength) rules.Fail("password", $"password must be at least {MinPasswordLength} characters.");
        var role = rules.Text("role", request.Role, 20);
        if (role.Length > 0 && !Roles.Staff.Contains(role)) rules.Fail("role", $"role must be one of {string.Join(", ", Roles.Staff)}.");
        var storeId = rules.StoreId("storeId", request.StoreId, required: Roles.IsStoreBound(role));
        if (!Roles.IsStoreBound(role) && storeId.Length > 0) rules.Fail("storeId", "Only store managers and cashiers are bound to a store.");
        rules.ThrowIfAny();
        if (storeId.Length > 0) await StoreEndpoints.FindAsync(stores, storeId);
        var created = await grains.GetGrain<IStaffDirectoryGrain>(DirectoryKey).CreateAsync(
            new CreateStaff(username, passwords.Hash(password), role, storeId.Length == 0 ? null : storeId, Caller.Actor(context)));
        return TypedResults.Created($"/api/v1/staff/{username}", StaffResponse.From(created));
    }

    internal static async Task<Ok<ListResponse<StaffResponse>>> ListStaff(IGrainFactory grains) =>
        TypedResults.Ok(new ListResponse<StaffResponse>(
            [.. (await grains.GetGrain<IStaffDirectoryGrain>(DirectoryKey).ListAsync()).Select(StaffResponse.From)], null));

    [Audited("staff.disable")]
    internal static async Task<Ok<StaffResponse>> DisableStaff(string username, HttpContext context, IGrainFactory grains, StaffStampCache stamps)
    {
        username = username.ToLowerInvariant();
        var disabled = await grains.GetGrain<IStaffDirectoryGrain>(DirectoryKey).DisableAsync(username, Caller.Actor(context));
        // This silo stops the account's tokens at once; the others within Auth:StaffStamp:Ttl.
        stamps.Forget(username);
        return TypedResults.Ok(StaffResponse.From(disabled));
    }
}
