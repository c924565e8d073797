// GET /admin/cluster → the Operations page's silo table (pure, tested with Vitest).
import type { ClusterInfo } from '../api/types'
import { localTime } from './time'

export interface SiloRow {
  address: string
  name: string
  hostName: string
  status: string
  startedAt: string
  lastAliveAt: string
  answered: boolean
}

/** Active silos first, then by address; the silo that answered is marked. */
export function siloRows(info: ClusterInfo | null): SiloRow[] {
  if (!info) return []
  const rank = (s: string) => (s === 'Active' ? 0 : 1)
  return [...info.silos]
    .sort((a, b) => rank(a.status) - rank(b.status) || a.address.localeCompare(b.address))
    .map((s) => ({ ...s, startedAt: localTime(s.startedAt), lastAliveAt: localTime(s.lastAliveAt), answered: s.address === info.thisSilo }))
}
