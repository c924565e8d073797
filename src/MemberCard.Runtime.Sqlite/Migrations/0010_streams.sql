-- Persistent streams over the outbox (docs/streams.md). One writer commits at a time, so outbox ids follow commit
-- order and queues are read by id.
-- stream_hash: StableHash("type/key"), written by the storage; queue = stream_hash % queue count.
ALTER TABLE outbox ADD COLUMN stream_hash INTEGER NOT NULL DEFAULT 0;

-- One row per queue: who pulls it (owner, lease) and how far it got (checkpoint). Every change is a
-- compare-and-swap on epoch (taking the queue) or on owner + epoch (checkpoint, renewal, release).
CREATE TABLE stream_queues (
    queue            INTEGER PRIMARY KEY,
    owner            TEXT    NULL,
    epoch            INTEGER NOT NULL,
    lease_until      TEXT    NULL,
    checkpoint_order INTEGER NOT NULL,
    checkpoint_id    INTEGER NOT NULL
);

-- Events a consumer failed to apply after every attempt, or that wait behind such an event of their stream.
CREATE TABLE stream_dead_letters (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    consumer         TEXT    NOT NULL,
    queue            INTEGER NOT NULL,
    grain_type       TEXT    NOT NULL,
    grain_key        TEXT    NOT NULL,
    version          INTEGER NOT NULL,
    idx              INTEGER NOT NULL,
    kind             TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    position_order   INTEGER NOT NULL,
    position_id      INTEGER NOT NULL,
    attempts         INTEGER NOT NULL,
    error            TEXT    NOT NULL,
    failed_at        TEXT    NOT NULL,
    replay_requested INTEGER NOT NULL,
    UNIQUE (consumer, grain_type, grain_key, version, idx)
);

CREATE INDEX stream_dead_letters_queue ON stream_dead_letters (queue, id);
