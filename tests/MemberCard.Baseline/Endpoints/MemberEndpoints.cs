using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace MemberCard.Baseline.Endpoints;

/// <summary>/api/v1/members: registration, lookups and card issue. One round trip each (constraints do the checking).</summary>
public static class MemberEndpoints
{
    // A random 16-digit number colliding five times running means something is wrong, not bad luck.
    private const int CardNumberAttempts = 5;

    private const string InsertCard = """
        INSERT INTO cards (card_no, member_id, status, balance, points, tier, created_at, version)
        SELECT $1, member_id, 'active', 0, 0, tier, $3, 0 FROM members WHERE member_id = $2
        RETURNING tier
        """;

    private const string SelectMember = "SELECT member_id, phone, name, birthday, email, tier, store_id, created_at FROM members";
    private const string MemberById = SelectMember + " WHERE member_id = $1";
    private const string MemberByPhone = SelectMember + " WHERE phone = $1";

    public static void MapMemberEndpoints(this RouteGroupBuilder api)
    {
        var members = api.MapGroup("/members").WithTags("Members");
        members.MapPost("/", RegisterMember).WithName(nameof(RegisterMember));
        members.MapGet("/{memberId}", GetMember).WithName(nameof(GetMember));
        // POST keeps the phone out of URLs and logs; the load tool uses it to find a member it registered before.
        members.MapPost("/lookup", LookupMember).WithName(nameof(LookupMember));
        members.MapPost("/{memberId}/cards", IssueCard).WithName(nameof(IssueCard));
    }

    public static async Task<Created<MemberResponse>> RegisterMember(RegisterMemberRequest request, NpgsqlDataSource db)
    {
        var rules = new FieldRules();
        var phone = Identifiers.NormalizePhone(request.Phone);
        if (phone is null) rules.Fail("phone", "phone must be 6–20 digits, optionally starting with '+'.");
        var name = NullIfEmpty(rules.Text("name", request.Name, 100, required: false));
        var email = NullIfEmpty(rules.Text("email", request.Email, 254, required: false));
        if (email is not null && (!email.Contains('@') || email.StartsWith('@') || email.EndsWith('@'))) rules.Fail("email", "email is not an address.");
        DateOnly? birthday = null;
        if (request.Birthday is not null)
        {
            if (DateOnly.TryParseExact(request.Birthday, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var b)
                && b.Year >= 1900 && b <= DateOnly.FromDateTime(DateTime.UtcNow)) birthday = b;
            else rules.Fail("birthday", "birthday must be a past date written yyyy-MM-dd.");
        }
        var storeId = NullIfEmpty(rules.StoreId("storeId", request.StoreId, required: false));
        rules.ThrowIfAny();

        var memberId = Guid.CreateVersion7().ToString("N");
        var createdAt = Clock.UtcNow();
        await using var insert = db.CreateCommand("""
            INSERT INTO members (member_id, phone, name, birthday, email, tier, store_id, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (phone) DO NOTHING
            """);
        foreach (var p in new[] { Sql.Text(memberId), Sql.Text(phone), Sql.Text(name), Sql.Date(birthday), Sql.Text(email),
                     Sql.Text(Rules.DefaultTier), Sql.Text(storeId), Sql.Time(createdAt) })
            insert.Parameters.Add(p);
        try
        {
            if (await insert.ExecuteNonQueryAsync() == 0) throw new ApiError(ApiError.MemberExists, "A member with this phone is already registered.");
        }
        catch (PostgresException e) when (e.SqlState == Sql.ForeignKeyViolation)
        {
            throw new ApiError(ApiError.StoreNotFound, $"Store {storeId} does not exist.");
        }
        return TypedResults.Created($"/api/v1/members/{memberId}", new MemberResponse(memberId, Identifiers.MaskPhone(phone!), name,
            birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), email, Rules.DefaultTier, storeId, createdAt));
    }

    public static async Task<Ok<MemberResponse>> GetMember(string memberId, NpgsqlDataSource db)
    {
        if (!Identifiers.IsMemberId(memberId)) throw NotFound(memberId);
        return TypedResults.Ok(await FindAsync(db, MemberById, memberId) ?? throw NotFound(memberId));
    }

    public static async Task<Ok<MemberResponse>> LookupMember(LookupMemberRequest request, NpgsqlDataSource db)
    {
        var phone = Identifiers.NormalizePhone(request.Phone) ?? throw ApiError.Invalid("phone", "phone must be 6–20 digits, optionally starting with '+'.");
        return TypedResults.Ok(await FindAsync(db, MemberByPhone, phone) ?? throw new ApiError(ApiError.MemberNotFound, "No member has this phone."));
    }

    public static async Task<Created<CardResponse>> IssueCard(string memberId, NpgsqlDataSource db)
    {
        if (!Identifiers.IsMemberId(memberId)) throw NotFound(memberId);
        for (var attempt = 1; ; attempt++)
        {
            var cardNo = Identifiers.NewCardNo();
            var createdAt = Clock.UtcNow();
            await using var insert = db.CreateCommand(InsertCard);
            insert.Parameters.Add(Sql.Text(cardNo));
            insert.Parameters.Add(Sql.Text(memberId));
            insert.Parameters.Add(Sql.Time(createdAt));
            try
            {
                var tier = await insert.ExecuteScalarAsync() as string ?? throw NotFound(memberId);
                return TypedResults.Created($"/api/v1/cards/{cardNo}",
                    new CardResponse(cardNo, memberId, Rules.Active, 0, 0, tier, createdAt));
            }
            catch (PostgresException e) when (e.SqlState == Sql.UniqueViolation && attempt < CardNumberAttempts)
            {
            }
        }
    }

    private static async Task<MemberResponse?> FindAsync(NpgsqlDataSource db, string query, string value)
    {
        await using var select = db.CreateCommand(query);
        select.Parameters.Add(Sql.Text(value));
        await using var reader = await select.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        return new MemberResponse(reader.GetString(0), Identifiers.MaskPhone(reader.GetString(1)), NullableText(reader, 2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            NullableText(reader, 4), reader.GetString(5), NullableText(reader, 6), reader.GetDateTime(7));
    }

    private static string? NullableText(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static ApiError NotFound(string memberId) => new(ApiError.MemberNotFound, $"Member {memberId} does not exist.");

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
