using Npgsql;

namespace MemberCard.Baseline;

/// <summary>The tables, created at start. Every statement is idempotent, so restarts and parallel starts are harmless.</summary>
public static class Schema
{
    public const string Name = "baseline";

    // The advisory lock serialises two instances starting at once: CREATE ... IF NOT EXISTS alone can still race.
    // Money and points are bigint minor units; the CHECKs are the last line of defence under the rules in C#.
    private const string Script = """
        BEGIN;
        SELECT pg_advisory_xact_lock(hashtext('membercard-baseline-schema'));
        CREATE SCHEMA IF NOT EXISTS baseline;

        CREATE TABLE IF NOT EXISTS stores (
            store_id   text        PRIMARY KEY,
            name       text        NOT NULL,
            created_at timestamptz NOT NULL
        );

        CREATE TABLE IF NOT EXISTS members (
            member_id  text        PRIMARY KEY,
            phone      text        NOT NULL UNIQUE,
            name       text        NULL,
            birthday   date        NULL,
            email      text        NULL,
            tier       text        NOT NULL,
            store_id   text        NULL REFERENCES stores,
            created_at timestamptz NOT NULL
        );

        CREATE TABLE IF NOT EXISTS cards (
            card_no    text        PRIMARY KEY,
            member_id  text        NOT NULL REFERENCES members,
            status     text        NOT NULL,
            balance    bigint      NOT NULL CHECK (balance >= 0),
            points     bigint      NOT NULL CHECK (points >= 0),
            tier       text        NOT NULL,
            created_at timestamptz NOT NULL,
            version    bigint      NOT NULL
        );
        CREATE INDEX IF NOT EXISTS cards_member ON cards (member_id);

        -- No foreign key to stores: a key-share lock from every sale on the one store row would turn it into a
        -- hot spot (multixacts); the store is checked in the same transaction and stores are never deleted.
        -- transaction_id is a random UUIDv7 that is never looked up, so it has no unique index to maintain.
        CREATE TABLE IF NOT EXISTS ledger (
            id               bigserial   PRIMARY KEY,
            card_no          text        NOT NULL REFERENCES cards,
            transaction_id   uuid        NOT NULL,
            type             text        NOT NULL,
            order_no         text        NULL,
            store_id         text        NOT NULL,
            amount           bigint      NOT NULL,
            bonus            bigint      NOT NULL,
            discount         bigint      NOT NULL,
            points_redeemed  bigint      NOT NULL,
            balance_charged  bigint      NOT NULL,
            points_earned    bigint      NOT NULL,
            balance_refunded bigint      NOT NULL,
            points_reversed  bigint      NOT NULL,
            points_restored  bigint      NOT NULL,
            balance_delta    bigint      NOT NULL,
            points_delta     bigint      NOT NULL,
            balance          bigint      NOT NULL,
            points           bigint      NOT NULL,
            created_at       timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ledger_card ON ledger (card_no, id);
        CREATE INDEX IF NOT EXISTS ledger_order ON ledger (card_no, store_id, order_no) WHERE order_no IS NOT NULL;

        CREATE OR REPLACE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the ledger is append-only';
        END $$;
        CREATE OR REPLACE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger
            FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();

        CREATE TABLE IF NOT EXISTS idempotency (
            scope       text        NOT NULL,
            key         text        NOT NULL,
            fingerprint text        NOT NULL,
            response    jsonb       NOT NULL,
            created_at  timestamptz NOT NULL,
            PRIMARY KEY (scope, key)
        );

        CREATE TABLE IF NOT EXISTS orders (
            store_id    text  NOT NULL,
            order_no    text  NOT NULL,
            card_no     text  NOT NULL REFERENCES cards,
            fingerprint text  NOT NULL,
            response    jsonb NOT NULL,
            PRIMARY KEY (store_id, order_no)
        );
        COMMIT;
        """;

    /// <summary>Creates whatever is missing.</summary>
    public static async Task CreateAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(Script);
        await command.ExecuteNonQueryAsync();
    }
}
