-- Orleans' reminders on the embedded SQLite file (MemberCard.Storage's SqliteReminderTable implements Orleans'
-- IReminderTable on it; a PostgreSQL cluster uses Microsoft.Orleans.Reminders.AdoNet instead). grain_hash is the
-- grain id's uniform hash, which Orleans' reminder service reads by ring range; etag is a counter that every upsert
-- moves, so a remove with an old etag removes nothing.
CREATE TABLE orleans_reminders (
    service_id    TEXT    NOT NULL,
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    start_time    TEXT    NOT NULL,
    period_ms     INTEGER NOT NULL,
    grain_hash    INTEGER NOT NULL,
    etag          INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX orleans_reminders_hash ON orleans_reminders (service_id, grain_hash);
