// Campaign form → API request, and progress arithmetic (pure, tested with Vitest).
import type { CampaignProgress } from '../api/types'
import { toFen } from './money'

export interface CampaignForm {
  name: string
  kind: 'fixed' | 'percentage' | 'gift'
  amountOff: string
  percentOff: number
  gift: string
  minimumSpend: string
  stores: string[]
  validDays: number
  perMemberLimit: number
  stock: string
  tiers: string
  tags: string
  maxDiscount: string
  validUntil: string
  budget: string
  stacksWithPoints: boolean
  uploadedList: boolean
}

export const emptyForm = (): CampaignForm => ({
  name: '', kind: 'fixed', amountOff: '10', percentOff: 10, gift: '', minimumSpend: '0', stores: [], validDays: 30,
  perMemberLimit: 1, stock: '', tiers: '', tags: '', maxDiscount: '', validUntil: '', budget: '', stacksWithPoints: false, uploadedList: false,
})

const list = (s: string) => s.split(/[,，\s]+/).map((x) => x.trim()).filter(Boolean)

export function toRequest(f: CampaignForm) {
  return {
    name: f.name.trim(),
    kind: f.kind,
    amountOff: f.kind === 'fixed' ? toFen(f.amountOff) : null,
    percentOff: f.kind === 'percentage' ? f.percentOff : null,
    gift: f.kind === 'gift' ? f.gift : null,
    minimumSpend: toFen(f.minimumSpend) ?? 0,
    validStores: f.stores.map((s) => s.trim()).filter(Boolean),
    maxDiscount: f.kind === 'percentage' && f.maxDiscount.trim() ? toFen(f.maxDiscount) : null,
    validDaysAfterIssue: f.validDays || null,
    // The end of the chosen day, in the browser's time zone, as an instant.
    validUntil: f.validUntil ? new Date(`${f.validUntil}T23:59:59`).toISOString() : null,
    perMemberLimit: f.perMemberLimit,
    totalStock: f.stock.trim() ? Number(f.stock) : null,
    budget: f.budget.trim() ? toFen(f.budget) : null,
    stacksWithPoints: f.stacksWithPoints,
    segment: segmentOf(f),
  }
}

/** The form's target segment, as both the campaign and `POST /campaigns/segment-count` take it. */
export function segmentOf(f: CampaignForm) {
  return { tiers: list(f.tiers), tags: list(f.tags), stores: [] as string[], uploadedList: f.uploadedList }
}

/** Statuses the list filters by (`GET /campaigns?status=`); '' is all. */
export const campaignStatuses = ['', 'draft', 'scheduled', 'issuing', 'active', 'paused', 'ended', 'cancelled'] as const

/** Query of one page of the campaign list. */
export function listQuery(status: string, cursor: string | null): Record<string, string | number | undefined> {
  return { status: status || undefined, cursor: cursor ?? undefined, limit: 20 }
}

/** Issued of target as a whole percentage; a finished issuance is 100 % even when the segment was empty. */
export function progressPercent(p: CampaignProgress | null): number {
  if (!p) return 0
  const finished = p.partitions > 0 && p.partitionsDone >= p.partitions
  if (finished) return 100
  if (p.targeted <= 0) return 0
  return Math.min(100, Math.floor((p.issued / p.targeted) * 100))
}

export function isIssuing(p: CampaignProgress | null): boolean {
  return !!p && p.partitions > 0 && p.partitionsDone < p.partitions && p.state !== 'paused' && p.state !== 'cancelled'
}

/** Lifecycle moves the server allows from each state (docs/campaigns.md); the page offers only these. */
export function allowedActions(status: string): ('start' | 'pause' | 'resume' | 'cancel')[] {
  switch (status) {
    case 'draft': return ['start', 'cancel']
    case 'scheduled': case 'issuing': case 'active': return ['pause', 'cancel']
    case 'paused': return ['resume', 'cancel']
    default: return []
  }
}
