// The cashier's arithmetic and identifiers, kept out of the page so Vitest can check them.
import { newIdempotencyKey } from '../api/client'
import type { Quote } from '../api/types'

/** An order number for a till without a POS: unique per store (the server refuses a reused one with another body). */
export function newOrderNo(storeId: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:TZ.]/g, '').slice(2, 14)
  const random = Math.floor(Math.random() * 46656).toString(36).padStart(3, '0')
  return `C${storeId}-${stamp}-${random}`.slice(0, 64)
}

/** What the card's balance pays of a quote: all that remains if the balance covers it, else the whole balance. */
export function balanceShare(quote: Quote): number {
  return Math.max(0, Math.min(quote.payable, quote.balance))
}

/** One operation the cashier is about to confirm: its request and the key that makes repeats harmless. */
export interface PendingOperation<T> {
  request: T
  idempotencyKey: string
}

export function pending<T>(request: T, prefix: string): PendingOperation<T> {
  return { request, idempotencyKey: newIdempotencyKey(prefix) }
}

/** The printable receipt's lines. */
export function receiptLines(title: string, rows: [string, string][], footer: string): string {
  const width = Math.max(24, ...rows.map(([k, v]) => k.length + v.length + 2))
  const line = '-'.repeat(width)
  const body = rows.map(([k, v]) => `${k}${' '.repeat(Math.max(1, width - k.length - v.length))}${v}`)
  return [title, line, ...body, line, footer].join('\n')
}
