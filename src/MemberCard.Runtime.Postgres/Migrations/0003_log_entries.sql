-- Named append-only logs shared by all grains (the audit trail is one). An entry commits in the same
-- transaction as the grain write that appends it; like the journal, the database refuses edits and deletes.
-- bigserial ids grow with each append; concurrent transactions may commit out of id order, which only
-- matters to a reader that tails the log (none does: logs are read newest first, for people).
CREATE TABLE log_entries (
    id         bigserial   PRIMARY KEY,
    log        text        NOT NULL,
    grain_type text        NOT NULL,
    grain_key  text        NOT NULL,
    payload    jsonb       NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX log_entries_log ON log_entries (log, id);

CREATE FUNCTION log_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'log_entries is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER log_entries_append_only
    BEFORE UPDATE OR DELETE ON log_entries
    FOR EACH ROW EXECUTE FUNCTION log_entries_append_only();

CREATE TRIGGER log_entries_no_truncate
    BEFORE TRUNCATE ON log_entries
    FOR EACH STATEMENT EXECUTE FUNCTION log_entries_append_only();
