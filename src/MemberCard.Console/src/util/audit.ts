// Audit filters → the query of GET /audit and /audit/export (the server filters by time; pure, tested with Vitest).

export interface AuditFilter {
  actor: string
  action: string
  storeId: string
}

/**
 * The query for a filter and a picked range: `from` inclusive and `to` exclusive as UTC instants, so the range's end
 * minute is included (the picker's end is the start of its last second, `to` is one second later).
 */
export function auditQuery(filter: AuditFilter, range: [Date, Date] | null): Record<string, string | undefined> {
  const q: Record<string, string | undefined> = {
    actor: filter.actor.trim() || undefined,
    action: filter.action.trim() || undefined,
    storeId: filter.storeId.trim() || undefined,
  }
  if (range) {
    q.from = range[0].toISOString()
    q.to = new Date(range[1].getTime() + 1000).toISOString()
  }
  return q
}
