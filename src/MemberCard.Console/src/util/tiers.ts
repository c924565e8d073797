// Progress to the next tier from the rule set's ladder (thresholds in the rule set's measure: spend in fen or points).

export interface TierRule {
  name: string
  threshold: number
}

export interface TierProgress {
  next: string | null
  missing: number
  percent: number
}

export function tierProgress(measure: number, tiers: readonly TierRule[], current: string): TierProgress {
  const ladder = [...tiers].sort((a, b) => a.threshold - b.threshold)
  const index = ladder.findIndex((t) => t.name === current)
  const next = ladder.slice(index + 1).find((t) => t.threshold > measure) ?? (index < 0 ? ladder.find((t) => t.threshold > measure) : undefined)
  if (!next) return { next: null, missing: 0, percent: 100 }
  const base = index >= 0 ? ladder[index].threshold : 0
  const span = Math.max(1, next.threshold - base)
  return { next: next.name, missing: next.threshold - measure, percent: Math.max(0, Math.min(100, Math.round(((measure - base) / span) * 100))) }
}
