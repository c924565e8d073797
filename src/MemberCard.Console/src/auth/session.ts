// The signed-in staff member. The token lives only in memory: a reload or sign-out ends the session.
import { reactive } from 'vue'

export type Role = 'admin' | 'marketing' | 'finance' | 'store_manager' | 'cashier'
export type EndReason = 'signed_out' | 'expired' | null

export interface Session {
  token: string | null
  username: string | null
  role: Role | null
  storeId: string | null
  expiresAt: number | null
  endReason: EndReason
}

export const session = reactive<Session>({ token: null, username: null, role: null, storeId: null, expiresAt: null, endReason: null })

let expiryTimer: ReturnType<typeof setTimeout> | undefined
const listeners: ((reason: EndReason) => void)[] = []

/** Called when the session ends (the router sends the user to sign-in with the reason). */
export function onSessionEnd(listener: (reason: EndReason) => void): void {
  listeners.push(listener)
}

export interface TokenResponse {
  accessToken: string
  tokenType: string
  expiresIn: number
  role: Role
  storeId: string | null
}

export function startSession(username: string, token: TokenResponse, now = Date.now()): void {
  session.token = token.accessToken
  session.username = username
  session.role = token.role
  session.storeId = token.storeId
  session.expiresAt = now + token.expiresIn * 1000
  session.endReason = null
  clearTimeout(expiryTimer)
  expiryTimer = setTimeout(() => endSession('expired'), token.expiresIn * 1000)
}

export function endSession(reason: Exclude<EndReason, null>): void {
  if (!session.token) return
  clearTimeout(expiryTimer)
  session.token = null
  session.username = null
  session.role = null
  session.storeId = null
  session.expiresAt = null
  session.endReason = reason
  for (const l of listeners) l(reason)
}

export const isSignedIn = (): boolean => session.token !== null
