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
  activations: number
  /** The three grain types with most activations, e.g. "card 120 · member 80 · rules 1". */
  busiest: string
}

/** Active silos first, then by address; the silo that answered is marked. */
export function siloRows(info: ClusterInfo | null): SiloRow[] {
  if (!info) return []
  const rank = (s: string) => (s === 'Active' ? 0 : 1)
  return [...info.silos]
    .sort((a, b) => rank(a.status) - rank(b.status) || a.address.localeCompare(b.address))
    .map((s) => ({
      address: s.address, name: s.name, hostName: s.hostName, status: s.status,
      startedAt: localTime(s.startedAt), lastAliveAt: localTime(s.lastAliveAt), answered: s.address === info.thisSilo,
      activations: s.activations, busiest: busiest(s.activationsByType),
    }))
}

function busiest(byType: Record<string, number>): string {
  return Object.entries(byType)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, 3)
    .map(([type, n]) => `${type} ${n}`)
    .join(' · ')
}
