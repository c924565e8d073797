-- Report projection fed by the "reports" stream consumer (docs/reports.md). Every figure is a sum over these rows.
-- report_streams: the last event applied per stream, advanced in the same transaction as the figures, so a
-- redelivered event is skipped and each event counts exactly once.
CREATE TABLE report_streams (
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    version    INTEGER  NOT NULL,
    idx        INTEGER NOT NULL,
    PRIMARY KEY (grain_type, grain_key)
);

-- Days are ISO text (yyyy-MM-dd), so text order is day order.
-- Ledger entries summed per day (in the report time zone), store and entry type, field by field.
CREATE TABLE report_ledger (
    day              TEXT   NOT NULL,
    store_id         TEXT   NOT NULL,
    type             TEXT   NOT NULL,
    entries          INTEGER NOT NULL,
    amount           INTEGER NOT NULL,
    bonus            INTEGER NOT NULL,
    discount         INTEGER NOT NULL,
    points_redeemed  INTEGER NOT NULL,
    balance_charged  INTEGER NOT NULL,
    points_earned    INTEGER NOT NULL,
    balance_refunded INTEGER NOT NULL,
    points_reversed  INTEGER NOT NULL,
    points_restored  INTEGER NOT NULL,
    balance_delta    INTEGER NOT NULL,
    points_delta     INTEGER NOT NULL,
    principal_delta  INTEGER NOT NULL,
    bonus_delta      INTEGER NOT NULL,
    PRIMARY KEY (day, store_id, type)
);

-- Members by registration day, store and month (the retention cohort).
CREATE TABLE report_members (
    member_id TEXT PRIMARY KEY,
    store_id  TEXT NOT NULL,
    day       TEXT NOT NULL,
    month     TEXT NOT NULL
);
CREATE INDEX report_members_day ON report_members (day, store_id);

-- Which member holds which card (from card.opened), so card events count toward their member.
CREATE TABLE report_cards (
    card_no   TEXT PRIMARY KEY,
    member_id TEXT NOT NULL
);

-- A member active on a day at a store: at least one ledger entry of that kind (purchase or top_up).
CREATE TABLE report_activity (
    day       TEXT NOT NULL,
    store_id  TEXT NOT NULL,
    member_id TEXT NOT NULL,
    kind      TEXT NOT NULL,
    month     TEXT NOT NULL,
    PRIMARY KEY (day, store_id, member_id, kind)
);
CREATE INDEX report_activity_member ON report_activity (member_id, month);
