// Finding a member from what a person has at hand: a phone number, a card number or a member id.
import { api, ApiError } from './client'
import type { Card, Member } from './types'

export type LookupKind = 'phone' | 'cardNo' | 'memberId'

/** Guesses what was typed: 11 digits starting with 1 is a mainland mobile number, other digit strings a card number. */
export function guessKind(text: string): LookupKind {
  const s = text.trim()
  if (/^1\d{10}$/.test(s)) return 'phone'
  if (/^\d{6,}$/.test(s)) return 'cardNo'
  return 'memberId'
}

export async function findMember(kind: LookupKind, text: string): Promise<{ member: Member; card: Card | null }> {
  const value = text.trim()
  if (!value) throw new ApiError(400, 'validation_failed', 'Enter a phone, card number or member id.')
  if (kind === 'phone') {
    const member = await api<Member>('/members/lookup', { body: { phone: value } })
    return { member, card: null }
  }
  if (kind === 'cardNo') {
    const card = await api<Card>(`/cards/${encodeURIComponent(value)}`)
    const member = await api<Member>(`/members/${encodeURIComponent(card.memberId)}`)
    return { member, card }
  }
  return { member: await api<Member>(`/members/${encodeURIComponent(value)}`), card: null }
}
