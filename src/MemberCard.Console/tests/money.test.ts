import { describe, expect, it } from 'vitest'
import { percent, toFen, topUpBonus, yuan } from '../src/util/money'

describe('money in fen, shown in yuan', () => {
  it('formats fen as yuan with two decimals', () => {
    expect(yuan(12345)).toBe('123.45')
    expect(yuan(5)).toBe('0.05')
    expect(yuan(-3050)).toBe('-30.50')
    expect(yuan(null)).toBe('–')
  })

  it('reads typed yuan exactly (no floating point)', () => {
    expect(toFen('35.5')).toBe(3550)
    expect(toFen('0.07')).toBe(7)
    expect(toFen('100')).toBe(10000)
    expect(toFen(' 19.99 ')).toBe(1999)
  })

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '-1', '1.234', '1e3', '1,5']) expect(toFen(bad)).toBeNull()
  })

  it('applies the highest bonus step the top-up reaches', () => {
    const steps = [{ minAmount: 50000, bonus: 12000 }, { minAmount: 10000, bonus: 2000 }]
    expect(topUpBonus(9999, steps)).toBe(0)
    expect(topUpBonus(10000, steps)).toBe(2000)
    expect(topUpBonus(49999, steps)).toBe(2000)
    expect(topUpBonus(50000, steps)).toBe(12000)
  })

  it('shows rates as percentages', () => {
    expect(percent(0.1234)).toBe('12.3 %')
    expect(percent(null)).toBe('–')
  })
})
