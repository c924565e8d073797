-- Durable reminders (docs/streams.md, "Reminders"). next_due moves forward by whole periods after each firing, by
-- compare-and-swap on etag; the silo owning the ring range of the grain's hash fires it.
CREATE TABLE reminders (
    grain_type text        NOT NULL,
    grain_key  text        NOT NULL,
    name       text        NOT NULL,
    first_due  timestamptz NOT NULL,
    period_ms  bigint      NOT NULL,
    next_due   timestamptz NOT NULL,
    etag       bigint      NOT NULL,
    PRIMARY KEY (grain_type, grain_key, name)
);
CREATE INDEX reminders_due ON reminders (next_due);
