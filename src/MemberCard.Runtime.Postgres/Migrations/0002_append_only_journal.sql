-- The journal (a card's ledger) is append-only: the database itself refuses edits and deletes,
-- so no bug or hand-written statement can rewrite history.
CREATE FUNCTION grain_journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'grain_journal is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER grain_journal_append_only
    BEFORE UPDATE OR DELETE ON grain_journal
    FOR EACH ROW EXECUTE FUNCTION grain_journal_append_only();

CREATE TRIGGER grain_journal_no_truncate
    BEFORE TRUNCATE ON grain_journal
    FOR EACH STATEMENT EXECUTE FUNCTION grain_journal_append_only();
