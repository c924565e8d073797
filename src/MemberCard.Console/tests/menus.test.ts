import { describe, expect, it } from 'vitest'
import { canSee, homeFor, may, menusFor } from '../src/auth/menus'

describe('menus follow the role matrix of docs/security.md', () => {
  it.each([
    ['admin', ['dashboard', 'members', 'cashier', 'campaigns', 'rules', 'staff', 'audit', 'operations']],
    ['marketing', ['campaigns']],
    ['finance', ['dashboard']],
    ['store_manager', ['dashboard', 'members', 'cashier']],
    ['cashier', ['members', 'cashier']],
  ] as const)('%s sees exactly its pages', (role, pages) => {
    expect(menusFor(role)).toEqual(pages)
  })

  it('offers nothing before sign-in', () => {
    expect(menusFor(null)).toEqual([])
    expect(homeFor(null)).toBeNull()
    expect(canSee(null, 'dashboard')).toBe(false)
  })

  it('lands each role on its first page', () => {
    expect(homeFor('marketing')).toBe('campaigns')
    expect(homeFor('cashier')).toBe('members')
  })

  it('keeps admin-only member actions from other roles', () => {
    expect(may('admin', 'eraseMember')).toBe(true)
    expect(may('store_manager', 'eraseMember')).toBe(false)
    expect(may('cashier', 'adjustPoints')).toBe(false)
    expect(may('finance', 'chainReports')).toBe(true)
    expect(may('store_manager', 'chainReports')).toBe(false)
  })
})
