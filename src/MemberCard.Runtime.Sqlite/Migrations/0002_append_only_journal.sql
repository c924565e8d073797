-- The journal (a card's ledger) is append-only: the database itself refuses edits and deletes,
-- so no bug or hand-written statement can rewrite history.
CREATE TRIGGER grain_journal_no_update
    BEFORE UPDATE ON grain_journal
BEGIN
    SELECT RAISE(ABORT, 'grain_journal is append-only (UPDATE refused)');
END;

CREATE TRIGGER grain_journal_no_delete
    BEFORE DELETE ON grain_journal
BEGIN
    SELECT RAISE(ABORT, 'grain_journal is append-only (DELETE refused)');
END;
