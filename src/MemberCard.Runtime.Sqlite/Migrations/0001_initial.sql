-- Initial schema of the embedded (SQLite) grain storage.
-- Timestamps are ISO-8601 UTC text of fixed width ("yyyy-MM-ddTHH:mm:ss.fffffffZ"), so text order is time order.
-- Every key includes the grain type: two grain types never collide on the same key.

CREATE TABLE grain_state (
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    state      TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (grain_type, grain_key)
);

CREATE TABLE grain_journal (
    grain_type  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    idx         INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    correlation TEXT    NULL,
    payload     TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (grain_type, grain_key, version, idx)
);

CREATE INDEX grain_journal_correlation
    ON grain_journal (grain_type, grain_key, correlation)
    WHERE correlation IS NOT NULL;

-- AUTOINCREMENT never reuses an id, and writes are serialized, so ids follow commit order.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    idx        INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    UNIQUE (grain_type, grain_key, version, idx)
);

CREATE TABLE claims (
    scope      TEXT NOT NULL,
    claim_key  TEXT NOT NULL,
    owner_type TEXT NOT NULL,
    owner_key  TEXT NOT NULL,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NULL,
    PRIMARY KEY (scope, claim_key)
);
