-- Named append-only logs shared by all grains (the audit trail is one). An entry commits in the same
-- transaction as the grain write that appends it; like the journal, the database refuses edits and deletes.
-- AUTOINCREMENT never reuses an id, and writes are serialized, so ids follow commit order.
CREATE TABLE log_entries (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    log        TEXT    NOT NULL,
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE INDEX log_entries_log ON log_entries (log, id);

CREATE TRIGGER log_entries_no_update
    BEFORE UPDATE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'log_entries is append-only (UPDATE refused)');
END;

CREATE TRIGGER log_entries_no_delete
    BEFORE DELETE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'log_entries is append-only (DELETE refused)');
END;
