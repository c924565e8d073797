using System.Diagnostics;
using MemberCard.Grains;
using MemberCard.Grains.Members;
using MemberCard.Grains.Privacy;
using MemberCard.Grains.Rules;
using MemberCard.Runtime;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MemberCard.Cli.Seed;

/// <summary>How a seeding run went.</summary>
internal sealed record MemberSeedReport(long Members, TimeSpan Elapsed);

/// <summary>
/// Writes what <c>MemberGrain.RegisterAsync</c> commits, without the grain: the member's state (version 1, the profile
/// sealed under a data key of the member's own), that key wrapped by the configured personal-data key (claim scope
/// <c>member-key</c>), the phone's blind-index claim (scope <c>phone</c>, owned by the member) and the member directory
/// log entry. Each batch is one transaction of four binary COPYs, so a batch is
/// all there or not at all; a phone already taken fails its batch on the claims' primary key. Registration events
/// are not written to the outbox (reporting would count a benchmark's members as new sign-ups). Keys and rules come
/// from the same configuration the server reads (environment variables such as <c>PhoneIndex__HashKey</c>), so the
/// server finds these members by phone and decrypts them.
/// </summary>
internal static class MemberSeeder
{
    public static async Task<MemberSeedReport> RunAsync(MemberSeedOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        await using var storage = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = options.ConnectionString });
        await storage.InitializeAsync(cancellationToken);
        var services = new ServiceCollection();
        services.AddSingleton<IGrainStorage>(storage);
        services.AddMemberCardGrains(configuration);
        await using var provider = services.BuildServiceProvider();
        var serializer = new GrainSerializer(provider.GetRequiredService<IOptions<GrainSerializerOptions>>().Value.Json);
        var phones = provider.GetRequiredService<PhoneIndex>();
        var cipher = provider.GetRequiredService<PersonalDataCipher>();
        var tier = provider.GetRequiredService<IOptions<LoyaltyRules>>().Value.DefaultTier;

        await using var dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        var clock = Stopwatch.StartNew();
        long done = 0;
        while (done < options.Count)
        {
            var size = (int)Math.Min(options.BatchSize, options.Count - done);
            var batch = Enumerable.Range(0, size).Select(i => NewMember(options, options.PhoneStart + done + i, tier, phones, cipher, serializer)).ToList();
            await CopyAsync(dataSource, batch, cancellationToken);
            done += size;
            await output.WriteLineAsync($"{done} / {options.Count} members ({done / Math.Max(clock.Elapsed.TotalSeconds, 0.001):F0}/s)");
        }
        return new MemberSeedReport(done, clock.Elapsed);
    }

    private static SeededMember NewMember(
        MemberSeedOptions options, long sequence, string tier, PhoneIndex phones, PersonalDataCipher cipher, GrainSerializer serializer)
    {
        var memberId = Guid.CreateVersion7().ToString("N");
        var phone = options.PhonePrefix + sequence.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        var claim = phones.ClaimFor(phone);
        var now = DateTimeOffset.UtcNow;
        // Birthdays spread over the year so birthday-month segments have something to select.
        var birthday = new DateOnly(1970 + (int)(sequence % 40), 1 + (int)(sequence % 12), 1 + (int)(sequence % 28));
        var key = PersonalSealing.NewKey(cipher, memberId);
        var state = new MemberState(null, null, claim.Key, null, null, null, tier, options.StoreId, now, [],
            Personal: PersonalSealing.Seal(key.Key, new PersonalProfile(phone, $"Member {sequence}", birthday, null), memberId), DataKey: key.ClaimName,
            BirthMonth: birthday.Month, BirthDayOfMonth: birthday.Day);
        return new SeededMember(memberId, serializer.Serialize(state), claim.Key, serializer.Serialize(memberId),
            serializer.Serialize(new MemberListed(memberId)), now, key.ClaimName, serializer.Serialize(key.Wrapped));
    }

    private static async Task CopyAsync(NpgsqlDataSource dataSource, List<SeededMember> batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CopyRowsAsync(connection, "COPY grain_state (grain_type, grain_key, version, state, updated_at) FROM STDIN (FORMAT BINARY)",
            batch, m => [("member", NpgsqlDbType.Text), (m.MemberId, NpgsqlDbType.Text), (1L, NpgsqlDbType.Bigint),
                (m.StateJson, NpgsqlDbType.Jsonb), (m.At, NpgsqlDbType.TimestampTz)], cancellationToken);
        await CopyRowsAsync(connection, "COPY claims (scope, claim_key, owner_type, owner_key, value, created_at) FROM STDIN (FORMAT BINARY)",
            batch, m => [(PhoneIndex.Scope, NpgsqlDbType.Text), (m.PhoneClaim, NpgsqlDbType.Text), ("member", NpgsqlDbType.Text),
                (m.MemberId, NpgsqlDbType.Text), (m.ClaimValue, NpgsqlDbType.Text), (m.At, NpgsqlDbType.TimestampTz)], cancellationToken);
        await CopyRowsAsync(connection, "COPY claims (scope, claim_key, owner_type, owner_key, value, created_at) FROM STDIN (FORMAT BINARY)",
            batch, m => [(PersonalSealing.KeyScope, NpgsqlDbType.Text), (m.KeyClaim, NpgsqlDbType.Text), ("member", NpgsqlDbType.Text),
                (m.MemberId, NpgsqlDbType.Text), (m.KeyValue, NpgsqlDbType.Text), (m.At, NpgsqlDbType.TimestampTz)], cancellationToken);
        await CopyRowsAsync(connection, "COPY log_entries (log, grain_type, grain_key, payload, created_at) FROM STDIN (FORMAT BINARY)",
            batch, m => [(MemberGrain.DirectoryLog, NpgsqlDbType.Text), ("member", NpgsqlDbType.Text), (m.MemberId, NpgsqlDbType.Text),
                (m.DirectoryJson, NpgsqlDbType.Jsonb), (m.At, NpgsqlDbType.TimestampTz)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // One binary COPY of the batch: a row per member, the values in the statement's column order.
    private static async Task CopyRowsAsync(
        NpgsqlConnection connection, string copy, List<SeededMember> batch, Func<SeededMember, (object Value, NpgsqlDbType Type)[]> row,
        CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        foreach (var m in batch)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var (value, type) in row(m)) await importer.WriteAsync(value, type, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private sealed record SeededMember(
        string MemberId, string StateJson, string PhoneClaim, string ClaimValue, string DirectoryJson, DateTimeOffset At, string KeyClaim, string KeyValue);
}
