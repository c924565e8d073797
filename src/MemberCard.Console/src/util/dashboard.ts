// Turns report summaries into chart options and CSV rows (pure functions, tested with Vitest).
import type { Cohort, ReportSummary } from '../api/types'
import type { EChartsCoreOption } from 'echarts/core'

type Label = (key: string) => string

const toYuan = (fen: number) => Math.round(fen) / 100

export function lineChart(items: ReportSummary[], keys: (keyof ReportSummary)[], t: Label, money = false): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: keys.map((k) => t(k)) },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: items.map((i) => i.from) },
    yAxis: { type: 'value' },
    series: keys.map((k) => ({
      name: t(k),
      type: 'line',
      smooth: true,
      data: items.map((i) => (money ? toYuan(Number(i[k] ?? 0)) : Number(i[k] ?? 0))),
    })),
  }
}

export function barChart(items: ReportSummary[], keys: (keyof ReportSummary)[], t: Label, money = false, stacked = false): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: keys.map((k) => t(k)) },
    grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: items.map((i) => i.from) },
    yAxis: { type: 'value' },
    series: keys.map((k) => ({
      name: t(k),
      type: 'bar',
      stack: stacked ? 'total' : undefined,
      data: items.map((i) => (money ? toYuan(Number(i[k] ?? 0)) : Number(i[k] ?? 0))),
    })),
  }
}

/** Retention: rows = registration months, columns = months since joining, value = share of the cohort active (%). */
export function cohortHeatmap(cohorts: Cohort[], monthLabel: (n: number) => string): EChartsCoreOption {
  const width = Math.max(1, ...cohorts.map((c) => c.activeByMonth.length))
  const data: [number, number, number][] = []
  cohorts.forEach((c, y) =>
    c.activeByMonth.forEach((active, x) => data.push([x, y, c.members ? Math.round((active / c.members) * 1000) / 10 : 0])),
  )
  return {
    tooltip: { position: 'top' },
    grid: { left: 80, right: 20, top: 20, bottom: 70 },
    xAxis: { type: 'category', data: Array.from({ length: width }, (_, i) => monthLabel(i)) },
    yAxis: { type: 'category', data: cohorts.map((c) => `${c.month} (${c.members})`) },
    visualMap: { min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
    series: [{ type: 'heatmap', data, label: { show: true } }],
  }
}

export const csvFields: (keyof ReportSummary)[] = [
  'from', 'to', 'storeId', 'activeMembers', 'newMembers', 'purchases', 'purchaseAmount', 'topUps', 'topUpPrincipal', 'topUpBonus',
  'balanceLiability', 'principalLiability', 'bonusLiability', 'pointsIssued', 'pointsRedeemed', 'pointsExpired', 'couponsIssued',
  'couponsRedeemed', 'couponRedemptionRate',
]

export function summaryRows(items: ReportSummary[]): (string | number | null)[][] {
  return items.map((i) => csvFields.map((f) => (i[f] ?? null) as string | number | null))
}

/** Sums of the additive figures over the range; liability is the last period's (it is a balance, not a flow). */
export function totals(items: ReportSummary[]) {
  const sum = (k: keyof ReportSummary) => items.reduce((n, i) => n + Number(i[k] ?? 0), 0)
  const last = items[items.length - 1]
  return {
    newMembers: sum('newMembers'),
    purchases: sum('purchases'),
    purchaseAmount: sum('purchaseAmount'),
    topUpPrincipal: sum('topUpPrincipal'),
    topUpBonus: sum('topUpBonus'),
    principalLiability: last?.principalLiability ?? 0,
    bonusLiability: last?.bonusLiability ?? 0,
    pointsIssued: sum('pointsIssued'),
    pointsRedeemed: sum('pointsRedeemed'),
    pointsExpired: sum('pointsExpired'),
  }
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10)
}

export function defaultRange(now = new Date()): [string, string] {
  const from = new Date(now.getTime() - 29 * 86_400_000)
  return [isoDay(from), isoDay(now)]
}
