-- Notifications (docs/streams.md, "Notifications"): one row per message, keyed by the event that caused it (so a
-- redelivered event adds nothing), sent by the dispatcher with retries; every attempt is logged.
CREATE TABLE notifications (
    id              text        PRIMARY KEY,
    member_id       text        NOT NULL,
    template        text        NOT NULL,
    body            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    status          text        NOT NULL,
    attempts        integer     NOT NULL,
    next_attempt_at timestamptz NULL
);
CREATE INDEX notifications_member ON notifications (member_id, created_at);
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);

CREATE TABLE notification_deliveries (
    id              bigserial   PRIMARY KEY,
    notification_id text        NOT NULL,
    attempt         integer     NOT NULL,
    channel         text        NOT NULL,
    status_code     integer     NULL,
    error           text        NULL,
    succeeded       boolean     NOT NULL,
    at              timestamptz NOT NULL
);
CREATE INDEX notification_deliveries_notification ON notification_deliveries (notification_id, id);
