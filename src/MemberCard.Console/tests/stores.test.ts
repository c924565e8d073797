import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { loadStores, storeLabel } from '../src/api/stores'
import StorePicker from '../src/components/StorePicker.vue'
import { i18n } from '../src/i18n'

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const store = (storeId: string, name = storeId) => ({ storeId, name, createdAt: '2026-01-01T00:00:00Z' })

afterEach(() => vi.unstubAllGlobals())

describe('stores', () => {
  it('follows the cursor through every page of GET /stores', async () => {
    const fetch = vi.fn()
      .mockResolvedValueOnce(json(200, { items: [store('S001'), store('S002')], nextCursor: 'c2' }))
      .mockResolvedValueOnce(json(200, { items: [store('S003')], nextCursor: null }))
    vi.stubGlobal('fetch', fetch)
    expect((await loadStores()).map((s) => s.storeId)).toEqual(['S001', 'S002', 'S003'])
    expect(fetch.mock.calls.map((c) => c[0])).toEqual(['/api/v1/stores?limit=200', '/api/v1/stores?limit=200&cursor=c2'])
  })

  it('labels a store by id and name', () => {
    expect(storeLabel(store('S001', 'Xujiahui'))).toBe('S001 · Xujiahui')
    expect(storeLabel(store('S001'))).toBe('S001')
  })

  it('shows the list error with its code and keeps the field usable', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json(403, { code: 'forbidden', detail: 'No.' })))
    const wrapper = mount(StorePicker, { props: { modelValue: 'S009' }, global: { plugins: [ElementPlus, i18n] } })
    await flushPromises()
    expect(wrapper.find('[data-test=error-code]').text()).toContain('forbidden')
    expect(wrapper.find('input').attributes('disabled')).toBeUndefined()
  })
})
