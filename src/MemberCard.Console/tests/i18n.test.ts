import { describe, expect, it } from 'vitest'
import zh from '../src/i18n/zh-CN'
import en from '../src/i18n/en'

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))

describe('translations', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })
  it('are filled in both languages', () => {
    for (const k of keys(en)) {
      const get = (o: object) => k.split('.').reduce<unknown>((x, p) => (x as Record<string, unknown>)[p], o)
      expect(String(get(zh)).length, k).toBeGreaterThan(0)
      expect(String(get(en)).length, k).toBeGreaterThan(0)
    }
  })
  it('are Chinese by default', () => {
    expect(zh.menu.cashier).toBe('收银台')
    expect(en.menu.cashier).toBe('Cashier')
  })
})
