import { afterEach, describe, expect, it, vi } from 'vitest'
import { api, ApiError, buildUrl, newIdempotencyKey } from '../src/api/client'
import { endSession, onSessionEnd, session, startSession } from '../src/auth/session'

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

afterEach(() => {
  vi.unstubAllGlobals()
  endSession('signed_out')
})

describe('the API client', () => {
  it('sends the bearer token and the idempotency key', async () => {
    const fetch = vi.fn().mockResolvedValue(json(201, { ok: true }))
    vi.stubGlobal('fetch', fetch)
    startSession('u', { accessToken: 'tok', tokenType: 'Bearer', expiresIn: 900, role: 'cashier', storeId: 'S001' })
    await api('/cards/1/top-ups', { body: { amount: 100 }, idempotencyKey: 'k-1' })
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/cards/1/top-ups')
    expect(init.method).toBe('POST')
    expect(init.headers.Authorization).toBe('Bearer tok')
    expect(init.headers['Idempotency-Key']).toBe('k-1')
    expect(JSON.parse(init.body)).toEqual({ amount: 100 })
  })

  it('turns ProblemDetails into an error with message, code and field errors', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json(409, { code: 'insufficient_balance', detail: 'Not enough balance.', errors: { amount: ['too much'] } })))
    const error = (await api('/x').catch((e: unknown) => e)) as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.code).toBe('insufficient_balance')
    expect(error.message).toBe('Not enough balance.')
    expect(error.status).toBe(409)
    expect(error.fieldErrors).toEqual({ amount: ['too much'] })
  })

  it('keeps the status of an answer that is not JSON', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('bad gateway', { status: 502 })))
    const error = (await api('/x').catch((e: unknown) => e)) as ApiError
    expect(error.code).toBe('http_502')
    expect(error.message).toBe('bad gateway')
  })

  it('reports a network failure as an error, not a blank page', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    const error = (await api('/x').catch((e: unknown) => e)) as ApiError
    expect(error.code).toBe('network_error')
  })

  it('ends the session on 401 with the reason "expired"', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json(401, { code: 'unauthorized', detail: 'expired token' })))
    startSession('u', { accessToken: 'tok', tokenType: 'Bearer', expiresIn: 900, role: 'admin', storeId: null })
    const reasons: unknown[] = []
    onSessionEnd((r) => reasons.push(r))
    await api('/rules').catch(() => undefined)
    expect(session.token).toBeNull()
    expect(session.endReason).toBe('expired')
    expect(reasons).toContain('expired')
  })

  it('builds query strings without empty values', () => {
    expect(buildUrl('/audit', { actor: 'a b', action: '', storeId: undefined, limit: 5 })).toBe('/api/v1/audit?actor=a+b&limit=5')
  })

  it('makes a new idempotency key every time, within the API limit', () => {
    const a = newIdempotencyKey('pay')
    const b = newIdempotencyKey('pay')
    expect(a).not.toBe(b)
    expect(a.length).toBeLessThanOrEqual(64)
    expect(a).toMatch(/^pay-[\x21-\x7e]+$/)
  })
})

describe('the session', () => {
  it('lives in memory and expires after the token lifetime', () => {
    vi.useFakeTimers()
    startSession('u', { accessToken: 'tok', tokenType: 'Bearer', expiresIn: 60, role: 'finance', storeId: null })
    expect(session.role).toBe('finance')
    vi.advanceTimersByTime(59_000)
    expect(session.token).toBe('tok')
    vi.advanceTimersByTime(2_000)
    expect(session.token).toBeNull()
    expect(session.endReason).toBe('expired')
    vi.useRealTimers()
  })

  it('is not kept in browser storage', () => {
    startSession('u', { accessToken: 'secret-token', tokenType: 'Bearer', expiresIn: 60, role: 'admin', storeId: null })
    const stored = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie
    expect(stored).not.toContain('secret-token')
  })
})
