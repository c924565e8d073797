import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { i18n } from '../src/i18n'
import LedgerTable from '../src/components/LedgerTable.vue'

const entry = (id: string, type: string, balance: number) => ({
  transactionId: id, type, orderNo: null, amount: 100, balanceDelta: 100, pointsDelta: 0, balance, points: 0, storeId: 'S001',
  createdAt: '2026-12-04T10:00:00Z', principalDelta: 100, bonusDelta: 0, reason: null,
})
const page = (items: unknown[], nextCursor: string | null) =>
  new Response(JSON.stringify({ items, nextCursor }), { status: 200, headers: { 'Content-Type': 'application/json' } })

afterEach(() => vi.unstubAllGlobals())

describe('LedgerTable', () => {
  it('shows a card ledger a page at a time, following the cursor', async () => {
    const fetch = vi.fn()
      .mockResolvedValueOnce(page([entry('t2', 'purchase', 8450)], 'c1'))
      .mockResolvedValueOnce(page([entry('t1', 'top_up', 12000)], null))
    vi.stubGlobal('fetch', fetch)
    const wrapper = mount(LedgerTable, { props: { cardNo: '6214' }, global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/cards/6214/transactions?limit=20')
    expect(wrapper.text()).toContain('消费')
    expect(wrapper.text()).toContain('84.50')
    await wrapper.find('[data-test=ledger-more]').trigger('click')
    await flushPromises()
    expect(fetch.mock.calls[1][0]).toBe('/api/v1/cards/6214/transactions?limit=20&cursor=c1')
    expect(wrapper.text()).toContain('充值')
    expect(wrapper.text()).toContain('120.00')
    expect(wrapper.find('[data-test=ledger-more]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows the API error instead of an empty table', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response(JSON.stringify({ code: 'card_not_found', detail: 'No such card.' }), { status: 404 })))
    const wrapper = mount(LedgerTable, { props: { cardNo: 'x' }, global: { plugins: [i18n] } })
    await flushPromises()
    expect(wrapper.find('[data-test=error-code]').text()).toContain('card_not_found')
    wrapper.unmount()
  })
})
