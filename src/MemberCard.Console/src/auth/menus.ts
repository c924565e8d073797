// Which pages each role gets: the same rules as the server's role matrix (docs/security.md), so the console never
// offers what the API would refuse.
import type { Role } from './session'

export type PageKey = 'dashboard' | 'members' | 'cashier' | 'campaigns' | 'rules' | 'staff' | 'audit' | 'operations'

/** Page → the roles the API lets use it (reports: admin/finance/store manager; POS: admin/store manager/cashier; …). */
export const pageRoles: Record<PageKey, readonly Role[]> = {
  dashboard: ['admin', 'finance', 'store_manager'],
  members: ['admin', 'store_manager', 'cashier'],
  cashier: ['admin', 'store_manager', 'cashier'],
  campaigns: ['admin', 'marketing'],
  rules: ['admin'],
  staff: ['admin'],
  audit: ['admin'],
  operations: ['admin'],
}

export const pageOrder: readonly PageKey[] = ['dashboard', 'members', 'cashier', 'campaigns', 'rules', 'staff', 'audit', 'operations']

export function canSee(role: Role | null, page: PageKey): boolean {
  return role !== null && pageRoles[page].includes(role)
}

export function menusFor(role: Role | null): PageKey[] {
  return pageOrder.filter((p) => canSee(role, p))
}

/** Where a role lands after signing in. */
export function homeFor(role: Role | null): PageKey | null {
  return menusFor(role)[0] ?? null
}

/** Actions inside pages that only some roles may take (the API refuses the others with 403). */
export const actionRoles = {
  adjustPoints: ['admin'],
  exportMember: ['admin'],
  eraseMember: ['admin'],
  closeCard: ['admin'],
  chainReports: ['admin', 'finance'],
} as const satisfies Record<string, readonly Role[]>

export function may(role: Role | null, action: keyof typeof actionRoles): boolean {
  return role !== null && (actionRoles[action] as readonly Role[]).includes(role)
}
