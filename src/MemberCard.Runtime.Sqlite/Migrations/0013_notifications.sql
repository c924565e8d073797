-- Notifications (docs/streams.md, "Notifications"): one row per message, keyed by the event that caused it (so a
-- redelivered event adds nothing), sent by the dispatcher with retries; every attempt is logged.
CREATE TABLE notifications (
    id              TEXT    PRIMARY KEY,
    member_id       TEXT    NOT NULL,
    template        TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT    NULL
);
CREATE INDEX notifications_member ON notifications (member_id, created_at);
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);

CREATE TABLE notification_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    notification_id TEXT    NOT NULL,
    attempt         INTEGER NOT NULL,
    channel         TEXT    NOT NULL,
    status_code     INTEGER NULL,
    error           TEXT    NULL,
    succeeded       INTEGER NOT NULL,
    at              TEXT    NOT NULL
);
CREATE INDEX notification_deliveries_notification ON notification_deliveries (notification_id, id);
