-- The position a report stream was advanced from, kept by the same upsert that advances it, so one statement per
-- batch tells which of the batch's events are new (docs/reports.md). (0, -1) means "nothing applied before".
ALTER TABLE report_streams ADD COLUMN prev_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_streams ADD COLUMN prev_idx INTEGER NOT NULL DEFAULT -1;
