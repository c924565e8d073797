// The one way the console talks to the server: the public REST API under /api/v1, same origin, bearer token.
import { session, endSession } from '../auth/session'

/** An API error: the server's ProblemDetails (status, code, detail, field errors), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface RequestOptions {
  method?: string
  body?: unknown
  /** Raw text body (CSV uploads); sent with `contentType`. */
  text?: string
  contentType?: string
  idempotencyKey?: string
  query?: Record<string, string | number | undefined | null>
  /** Answer the body as text instead of JSON (CSV exports). */
  asText?: boolean
  /** Do not attach the session's token (the sign-in call). */
  anonymous?: boolean
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return `/api/v1${path}${qs ? `?${qs}` : ''}`
}

/** Reads a ProblemDetails answer into an ApiError (a body that is not JSON still gives status and text). */
export async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text()
  try {
    const p = JSON.parse(text) as { code?: string; detail?: string; title?: string; errors?: Record<string, string[]> }
    return new ApiError(response.status, p.code ?? `http_${response.status}`, p.detail || p.title || response.statusText, p.errors ?? {})
  } catch {
    return new ApiError(response.status, `http_${response.status}`, text || response.statusText)
  }
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (!options.anonymous && session.token) headers.Authorization = `Bearer ${session.token}`
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey
  let body: string | undefined
  if (options.text !== undefined) {
    body = options.text
    headers['Content-Type'] = options.contentType ?? 'text/plain'
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['Content-Type'] = 'application/json'
  }
  let response: Response
  try {
    response = await fetch(buildUrl(path, options.query), { method: options.method ?? (body ? 'POST' : 'GET'), headers, body })
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e))
  }
  if (response.status === 401 && !options.anonymous) {
    endSession('expired')
    throw await toApiError(response)
  }
  if (!response.ok) throw await toApiError(response)
  if (response.status === 204) return undefined as T
  if (options.asText) return (await response.text()) as T
  return (await response.json()) as T
}

/** A fresh Idempotency-Key (1–64 printable ASCII): one per operation the cashier confirms. */
export function newIdempotencyKey(prefix = 'console'): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`
  return `${prefix}-${random}`.slice(0, 64)
}
