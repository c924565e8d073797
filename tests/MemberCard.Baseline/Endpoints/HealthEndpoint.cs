using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace MemberCard.Baseline.Endpoints;

/// <summary>GET /health, without credentials: 200 when the database answers, else 503 <c>unavailable</c>.</summary>
public static class HealthEndpoint
{
    public static async Task<ContentHttpResult> Check(NpgsqlDataSource db)
    {
        await using var ping = db.CreateCommand("SELECT 1");
        await ping.ExecuteScalarAsync();
        return TypedResults.Text("Healthy");
    }
}
