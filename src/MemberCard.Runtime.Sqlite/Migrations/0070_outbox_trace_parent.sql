-- The W3C traceparent of the span that wrote the event (null when no trace was recorded), so a stream delivery can
-- link to the request that published it (docs/operations.md, "Telemetry").
ALTER TABLE outbox ADD COLUMN trace_parent TEXT NULL;
