// The Orleans dashboard (/dashboard/) opens in its own tab, which cannot send the bearer header: the admin's token
// first buys an HttpOnly cookie valid for /dashboard only (POST /admin/dashboard/session; docs/security.md).
import { api } from './client'
import { session } from '../auth/session'

export const dashboardUrl = '/dashboard/'

/** Buys the dashboard cookie, then opens the dashboard in a new tab (`open` is replaceable in tests). */
export async function openOrleansDashboard(open: (url: string) => unknown = (url) => window.open(url, '_blank', 'noopener')): Promise<void> {
  await api('/admin/dashboard/session', { method: 'POST' })
  open(dashboardUrl)
}

/** On sign-out an admin's dashboard cookie is cleared too; if that fails it still ends with the token's lifetime. */
export async function closeOrleansDashboard(): Promise<void> {
  if (session.role !== 'admin' || !session.token) return
  try {
    await api('/admin/dashboard/session', { method: 'DELETE' })
  } catch {
    // The cookie's Max-Age is the token's remaining life: it cannot outlive the session it came from.
  }
}
