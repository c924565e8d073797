-- Initial schema of the PostgreSQL grain storage.
-- Every key includes the grain type: two grain types never collide on the same key.
-- All timestamps are timestamptz written in UTC; JSON is jsonb so it can be inspected and queried in place.

CREATE TABLE grain_state (
    grain_type text        NOT NULL,
    grain_key  text        NOT NULL,
    version    bigint      NOT NULL,
    state      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (grain_type, grain_key)
);

CREATE TABLE grain_journal (
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    version     bigint      NOT NULL,
    idx         integer     NOT NULL,
    kind        text        NOT NULL,
    correlation text        NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (grain_type, grain_key, version, idx)
);

CREATE INDEX grain_journal_correlation
    ON grain_journal (grain_type, grain_key, correlation)
    WHERE correlation IS NOT NULL;

-- id comes from a sequence when the row is inserted, so it follows insert order; transactions committing
-- out of that order mean a reader tailing by id must not pass ids of transactions still in flight.
CREATE TABLE outbox (
    id         bigserial   PRIMARY KEY,
    grain_type text        NOT NULL,
    grain_key  text        NOT NULL,
    version    bigint      NOT NULL,
    idx        integer     NOT NULL,
    kind       text        NOT NULL,
    payload    jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (grain_type, grain_key, version, idx)
);

CREATE TABLE claims (
    scope      text        NOT NULL,
    claim_key  text        NOT NULL,
    owner_type text        NOT NULL,
    owner_key  text        NOT NULL,
    value      text        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NULL,
    PRIMARY KEY (scope, claim_key)
);
