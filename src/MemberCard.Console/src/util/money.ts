// Money travels as integer minor units (fen); people read and type yuan.

/** 12345 → "123.45" */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '–'
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** "123.45" → 12345; null for anything that is not a non-negative amount with at most two decimals. */
export function toFen(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null
  const s = String(text).trim()
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/** A fraction as a percentage with one decimal: 0.1234 → "12.3 %". */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '–'
  return `${(rate * 100).toFixed(1)} %`
}

export interface BonusStep {
  minAmount: number
  bonus: number
}

/** The top-up bonus the rules give: the highest step the amount reaches (docs/api.md), 0 below the first. */
export function topUpBonus(amount: number, steps: readonly BonusStep[]): number {
  let bonus = 0
  for (const s of [...steps].sort((a, b) => a.minAmount - b.minAmount)) if (amount >= s.minAmount) bonus = s.bonus
  return bonus
}
