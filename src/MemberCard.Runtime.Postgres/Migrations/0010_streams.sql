-- Persistent streams over the outbox (docs/streams.md).
-- xid: the writing transaction's id. Row ids are taken at INSERT, so they do not follow commit order; readers take
-- only rows whose transaction is below the oldest one still running (pg_snapshot_xmin), all of which have ended, and
-- order by (xid, id). Rows written before this migration all get the migrating transaction's id.
-- stream_hash: StableHash("type/key"), written by the storage; queue = stream_hash % queue count.
ALTER TABLE outbox ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE outbox ADD COLUMN stream_hash bigint NOT NULL DEFAULT 0;
CREATE INDEX outbox_commit_order ON outbox (xid, id);

-- One row per queue: who pulls it (owner, lease) and how far it got (checkpoint). Every change is a
-- compare-and-swap on epoch (taking the queue) or on owner + epoch (checkpoint, renewal, release).
CREATE TABLE stream_queues (
    queue            integer     PRIMARY KEY,
    owner            text        NULL,
    epoch            bigint      NOT NULL,
    lease_until      timestamptz NULL,
    checkpoint_order bigint      NOT NULL,
    checkpoint_id    bigint      NOT NULL
);

-- Events a consumer failed to apply after every attempt, or that wait behind such an event of their stream.
CREATE TABLE stream_dead_letters (
    id               bigserial   PRIMARY KEY,
    consumer         text        NOT NULL,
    queue            integer     NOT NULL,
    grain_type       text        NOT NULL,
    grain_key        text        NOT NULL,
    version          bigint      NOT NULL,
    idx              integer     NOT NULL,
    kind             text        NOT NULL,
    payload          text        NOT NULL,
    created_at       timestamptz NOT NULL,
    position_order   bigint      NOT NULL,
    position_id      bigint      NOT NULL,
    attempts         integer     NOT NULL,
    error            text        NOT NULL,
    failed_at        timestamptz NOT NULL,
    replay_requested boolean     NOT NULL,
    UNIQUE (consumer, grain_type, grain_key, version, idx)
);

CREATE INDEX stream_dead_letters_queue ON stream_dead_letters (queue, id);
