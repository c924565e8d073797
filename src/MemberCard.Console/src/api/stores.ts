// The chain's stores for store pickers: GET /stores, every page (a store-bound role gets its own store only).
import { api } from './client'
import type { Page } from './types'

export interface Store {
  storeId: string
  name: string
  createdAt: string
}

/** Every store, following the cursor; stops at `maxPages` pages of 200 so a huge chain cannot stall a form. */
export async function loadStores(maxPages = 10): Promise<Store[]> {
  const stores: Store[] = []
  let cursor: string | null = null
  for (let i = 0; i < maxPages; i++) {
    const page: Page<Store> = await api<Page<Store>>('/stores', { query: { limit: 200, cursor } })
    stores.push(...page.items)
    cursor = page.nextCursor
    if (!cursor) break
  }
  return stores
}

/** "S001 · Xujiahui": what a picker shows for a store. */
export const storeLabel = (s: Store): string => (s.name && s.name !== s.storeId ? `${s.storeId} · ${s.name}` : s.storeId)
