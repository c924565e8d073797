-- Durable reminders (docs/streams.md, "Reminders"). next_due moves forward by whole periods after each firing, by
-- compare-and-swap on etag; the silo owning the ring range of the grain's hash fires it. Times are fixed-width UTC
-- text, so text order is time order.
CREATE TABLE reminders (
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    first_due  TEXT    NOT NULL,
    period_ms  INTEGER NOT NULL,
    next_due   TEXT    NOT NULL,
    etag       INTEGER NOT NULL,
    PRIMARY KEY (grain_type, grain_key, name)
);
CREATE INDEX reminders_due ON reminders (next_due);
