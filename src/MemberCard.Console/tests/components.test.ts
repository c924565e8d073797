import { describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { i18n } from '../src/i18n'
import ErrorAlert from '../src/components/ErrorAlert.vue'
import ForbiddenPage from '../src/pages/ForbiddenPage.vue'
import { ApiError } from '../src/api/client'
import { useAsync, useSingleFlight } from '../src/util/useAsync'
import { guard } from '../src/router'
import { endSession, startSession } from '../src/auth/session'

vi.mock('vue-router', async (original) => ({ ...(await original<typeof import('vue-router')>()), useRoute: () => ({ name: 'forbidden' }) }))

describe('ErrorAlert', () => {
  it('shows the API message and its code', () => {
    const wrapper = mount(ErrorAlert, { props: { error: new ApiError(409, 'card_frozen', 'The card is frozen.') } })
    expect(wrapper.text()).toContain('The card is frozen.')
    expect(wrapper.find('[data-test=error-code]').text()).toContain('card_frozen')
    expect(wrapper.text()).toContain('409')
  })
  it('shows nothing without an error', () => {
    expect(mount(ErrorAlert, { props: { error: null } }).find('[data-test=api-error]').exists()).toBe(false)
  })
})

describe('ForbiddenPage', () => {
  it('renders in Chinese and in English', async () => {
    const wrapper = mount(ForbiddenPage, { global: { plugins: [i18n] } })
    expect(wrapper.text()).toContain('当前角色无权访问此页面')
    i18n.global.locale.value = 'en'
    await flushPromises()
    expect(wrapper.text()).toContain('Your role may not open this page.')
    i18n.global.locale.value = 'zh-CN'
  })
})

describe('useSingleFlight', () => {
  it('runs a double-clicked action once', async () => {
    let calls = 0
    let release: () => void = () => undefined
    const flight = useSingleFlight(() => new Promise<void>((r) => { calls++; release = r }))
    const first = flight.run()
    const second = flight.run()
    expect(flight.busy.value).toBe(true)
    release()
    await Promise.all([first, second])
    expect(calls).toBe(1)
    expect(flight.busy.value).toBe(false)
  })
})

describe('useAsync', () => {
  it('keeps loading, error and data apart', async () => {
    const ok = useAsync(() => Promise.resolve(5))
    await ok.run()
    expect(ok.data.value).toBe(5)
    expect(ok.error.value).toBeNull()
    const bad = useAsync(() => Promise.reject(new ApiError(500, 'internal_error', 'boom')))
    await bad.run()
    expect(bad.data.value).toBeNull()
    expect((bad.error.value as ApiError).code).toBe('internal_error')
    expect(bad.loading.value).toBe(false)
  })
})

describe('router guard', () => {
  it('sends a visitor to sign-in and a role to its own pages only', () => {
    const to = (name: string, page?: string) => ({ name, meta: page ? { page: page as never } : {}, fullPath: `/${name}` })
    expect(guard(to('cashier', 'cashier'))).toEqual({ name: 'signin', query: { redirect: '/cashier' } })
    startSession('u', { accessToken: 't', tokenType: 'Bearer', expiresIn: 60, role: 'marketing', storeId: null })
    expect(guard(to('cashier', 'cashier'))).toEqual({ name: 'forbidden' })
    expect(guard(to('campaigns', 'campaigns'))).toBe(true)
    expect(guard(to('home'))).toEqual({ name: 'campaigns' })
    endSession('signed_out')
  })
})

