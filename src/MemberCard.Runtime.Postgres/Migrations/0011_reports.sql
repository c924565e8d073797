-- Report projection fed by the "reports" stream consumer (docs/reports.md). Every figure is a sum over these rows.
-- report_streams: the last event applied per stream, advanced in the same transaction as the figures, so a
-- redelivered event is skipped and each event counts exactly once.
CREATE TABLE report_streams (
    grain_type text    NOT NULL,
    grain_key  text    NOT NULL,
    version    bigint  NOT NULL,
    idx        integer NOT NULL,
    PRIMARY KEY (grain_type, grain_key)
);

-- Ledger entries summed per day (in the report time zone), store and entry type, field by field.
CREATE TABLE report_ledger (
    day              date   NOT NULL,
    store_id         text   NOT NULL,
    type             text   NOT NULL,
    entries          bigint NOT NULL,
    amount           bigint NOT NULL,
    bonus            bigint NOT NULL,
    discount         bigint NOT NULL,
    points_redeemed  bigint NOT NULL,
    balance_charged  bigint NOT NULL,
    points_earned    bigint NOT NULL,
    balance_refunded bigint NOT NULL,
    points_reversed  bigint NOT NULL,
    points_restored  bigint NOT NULL,
    balance_delta    bigint NOT NULL,
    points_delta     bigint NOT NULL,
    principal_delta  bigint NOT NULL,
    bonus_delta      bigint NOT NULL,
    PRIMARY KEY (day, store_id, type)
);

-- Members by registration day, store and month (the retention cohort).
CREATE TABLE report_members (
    member_id text PRIMARY KEY,
    store_id  text NOT NULL,
    day       date NOT NULL,
    month     text NOT NULL
);
CREATE INDEX report_members_day ON report_members (day, store_id);

-- Which member holds which card (from card.opened), so card events count toward their member.
CREATE TABLE report_cards (
    card_no   text PRIMARY KEY,
    member_id text NOT NULL
);

-- A member active on a day at a store: at least one ledger entry of that kind (purchase or top_up).
CREATE TABLE report_activity (
    day       date NOT NULL,
    store_id  text NOT NULL,
    member_id text NOT NULL,
    kind      text NOT NULL,
    month     text NOT NULL,
    PRIMARY KEY (day, store_id, member_id, kind)
);
CREATE INDEX report_activity_member ON report_activity (member_id, month);
