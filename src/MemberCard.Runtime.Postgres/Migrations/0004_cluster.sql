-- Cluster membership (Orleans' protocol) and the grain directory. Every membership change moves the
-- cluster's version row by compare-and-swap in the same transaction as the member row.
CREATE TABLE cluster_version (
    cluster_id text        PRIMARY KEY,
    version    bigint      NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE cluster_members (
    cluster_id  text        NOT NULL,
    silo        text        NOT NULL,   -- host:port:generation
    status      text        NOT NULL,   -- joining | active | shutting_down | dead
    suspicions  text        NOT NULL DEFAULT '',  -- voter@unix-ms;voter@unix-ms
    start_time  timestamptz NOT NULL,
    i_am_alive  timestamptz NOT NULL,
    etag        bigint      NOT NULL,
    PRIMARY KEY (cluster_id, silo)
);

-- At most one activation per grain: the primary key makes the first writer win.
CREATE TABLE grain_directory (
    cluster_id    text        NOT NULL,
    grain_type    text        NOT NULL,
    grain_key     text        NOT NULL,
    silo          text        NOT NULL,
    activation_id bigint      NOT NULL,
    registered_at timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, grain_type, grain_key)
);

CREATE INDEX grain_directory_by_silo ON grain_directory (cluster_id, silo);
