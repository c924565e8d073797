import { describe, expect, it } from 'vitest'
import { guessKind } from '../src/api/lookup'
import { allowedActions, emptyForm, progressPercent, toRequest } from '../src/util/campaigns'
import { balanceShare, newOrderNo, pending, receiptLines } from '../src/util/cashier'
import { cohortHeatmap, defaultRange, lineChart, summaryRows, totals } from '../src/util/dashboard'
import { toCsv } from '../src/util/csv'
import { tierProgress } from '../src/util/tiers'
import type { ReportSummary } from '../src/api/types'

const day = (from: string, f: Partial<ReportSummary>): ReportSummary => ({
  from, to: from, storeId: null, newMembers: 0, activeMembers: 0, purchases: 0, purchaseAmount: 0, topUps: 0, topUpPrincipal: 0,
  topUpBonus: 0, pointsIssued: 0, pointsRedeemed: 0, pointsExpired: 0, balanceLiability: 0, principalLiability: 0, bonusLiability: 0,
  couponsIssued: null, couponsRedeemed: null, couponRedemptionRate: null, ...f,
})

describe('cashier', () => {
  it('tells a scanned card from a phone and a member id', () => {
    expect(guessKind('13812345678')).toBe('phone')
    expect(guessKind('6214000012345678')).toBe('cardNo')
    expect(guessKind('0190abcd0000')).toBe('memberId')
  })

  it('pays from the balance what it covers', () => {
    const q = { amount: 5000, couponCode: null, couponDiscount: 0, pointsToRedeem: 0, pointsDiscount: 0, discount: 0, payable: 5000, pointsEarned: 50, balance: 3000, points: 0 }
    expect(balanceShare(q)).toBe(3000)
    expect(balanceShare({ ...q, balance: 9000 })).toBe(5000)
  })

  it('gives each prepared operation its own key, kept for repeats of that operation', () => {
    const a = pending({ amount: 1 }, 'pay')
    const b = pending({ amount: 1 }, 'pay')
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey)
  })

  it('makes order numbers that differ and fit the API', () => {
    const a = newOrderNo('S001')
    expect(a).not.toBe(newOrderNo('S001'))
    expect(a.startsWith('CS001-')).toBe(true)
    expect(a.length).toBeLessThanOrEqual(64)
  })

  it('prints a receipt with every line', () => {
    const r = receiptLines('Pay', [['Amount', '35.50'], ['Balance', '84.50']], 'thanks')
    expect(r.split('\n')).toHaveLength(6)
    expect(r).toMatch(/Amount\s+35\.50/)
  })
})

describe('campaigns', () => {
  it('turns the form into the API request in fen', () => {
    const r = toRequest({ ...emptyForm(), name: ' Spring ', amountOff: '10', minimumSpend: '50', tags: 'vip, new', stores: ['S001', ' S002 '] })
    expect(r).toMatchObject({ name: 'Spring', kind: 'fixed', amountOff: 1000, minimumSpend: 5000, validStores: ['S001', 'S002'] })
    expect(r.segment.tags).toEqual(['vip', 'new'])
    expect(r.totalStock).toBeNull()
    expect(r.maxDiscount).toBeNull()
    expect(r.budget).toBeNull()
  })

  it('sends a percentage coupon with its cap, budget, end date and an uploaded list', () => {
    const r = toRequest({ ...emptyForm(), kind: 'percentage', percentOff: 15, maxDiscount: '20', budget: '1000', validUntil: '2026-12-31', uploadedList: true })
    expect(r).toMatchObject({ kind: 'percentage', percentOff: 15, amountOff: null, maxDiscount: 2000, budget: 100000 })
    expect(new Date(r.validUntil!).getTime()).toBeGreaterThan(new Date('2026-12-30T00:00:00Z').getTime())
    expect(r.segment.uploadedList).toBe(true)
  })

  it('computes progress as issued of target, 100 % when every partition is done', () => {
    const p = { campaignId: 'c', state: 'issuing', scanned: 10, targeted: 40, issued: 10, partitionsDone: 1, partitions: 4, rate: 5, etaSeconds: 3 }
    expect(progressPercent(p)).toBe(25)
    expect(progressPercent({ ...p, partitionsDone: 4, issued: 40 })).toBe(100)
    expect(progressPercent({ ...p, targeted: 0, issued: 0 })).toBe(0)
    expect(progressPercent(null)).toBe(0)
  })

  it('offers only the lifecycle moves the state allows', () => {
    expect(allowedActions('draft')).toEqual(['start', 'cancel'])
    expect(allowedActions('issuing')).toEqual(['pause', 'cancel'])
    expect(allowedActions('paused')).toEqual(['resume', 'cancel'])
    expect(allowedActions('ended')).toEqual([])
  })
})

describe('dashboard', () => {
  const items = [
    day('2026-12-01', { newMembers: 2, purchaseAmount: 1050, topUpPrincipal: 10000, principalLiability: 10000, bonusLiability: 2000 }),
    day('2026-12-02', { newMembers: 1, purchaseAmount: 500, principalLiability: 9500, bonusLiability: 2000, couponRedemptionRate: 0.25 }),
  ]

  it('charts money in yuan, one point per period', () => {
    const option = lineChart(items, ['purchaseAmount'], (k) => k, true) as { series: { data: number[] }[]; xAxis: { data: string[] } }
    expect(option.xAxis.data).toEqual(['2026-12-01', '2026-12-02'])
    expect(option.series[0].data).toEqual([10.5, 5])
  })

  it('sums flows over the range and takes the liability at its end', () => {
    const t = totals(items)
    expect(t.newMembers).toBe(3)
    expect(t.purchaseAmount).toBe(1550)
    expect(t.principalLiability).toBe(9500)
    expect(t.bonusLiability).toBe(2000)
  })

  it('draws cohorts as shares of the cohort', () => {
    const option = cohortHeatmap([{ month: '2026-11', members: 4, activeByMonth: [4, 1] }], (n) => `M${n}`) as { series: { data: number[][] }[] }
    expect(option.series[0].data).toEqual([[0, 0, 100], [1, 0, 25]])
  })

  it('exports what is shown as CSV, quoting what needs it', () => {
    const csv = toCsv(['a', 'b'], [['x,y', '=1+1'], [1, null]])
    expect(csv).toBe('a,b\r\n"x,y","=1+1"\r\n1,\r\n')
    expect(summaryRows(items)[0][0]).toBe('2026-12-01')
  })

  it('defaults to the last 30 days', () => {
    expect(defaultRange(new Date('2026-12-04T10:00:00Z'))).toEqual(['2026-11-05', '2026-12-04'])
  })
})

describe('tiers', () => {
  const ladder = [{ name: 'standard', threshold: 0 }, { name: 'silver', threshold: 100000 }, { name: 'gold', threshold: 500000 }]
  it('shows what is missing to the next tier', () => {
    expect(tierProgress(40000, ladder, 'standard')).toEqual({ next: 'silver', missing: 60000, percent: 40 })
    expect(tierProgress(300000, ladder, 'silver')).toEqual({ next: 'gold', missing: 200000, percent: 50 })
  })
  it('says when the top tier is reached', () => {
    expect(tierProgress(900000, ladder, 'gold').next).toBeNull()
  })
})
