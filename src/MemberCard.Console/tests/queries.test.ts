import { describe, expect, it } from 'vitest'
import { auditQuery } from '../src/util/audit'
import { campaignStatuses, emptyForm, listQuery, segmentOf, toRequest } from '../src/util/campaigns'
import { siloRows } from '../src/util/cluster'
import { buildUrl } from '../src/api/client'

describe('audit filter', () => {
  it('sends the picked range as UTC instants, the end second included, and leaves out empty fields', () => {
    const from = new Date(Date.UTC(2026, 0, 1, 8, 0, 0))
    const to = new Date(Date.UTC(2026, 0, 2, 7, 59, 59))
    const q = auditQuery({ actor: ' staff:li ', action: '', storeId: 'S001' }, [from, to])
    expect(q).toEqual({ actor: 'staff:li', action: undefined, storeId: 'S001', from: '2026-01-01T08:00:00.000Z', to: '2026-01-02T08:00:00.000Z' })
    expect(buildUrl('/audit', q)).toBe('/api/v1/audit?actor=staff%3Ali&storeId=S001&from=2026-01-01T08%3A00%3A00.000Z&to=2026-01-02T08%3A00%3A00.000Z')
  })

  it('sends no time bounds without a range', () => {
    const q = auditQuery({ actor: '', action: 'card.top_up', storeId: '' }, null)
    expect('from' in q || 'to' in q).toBe(false)
    expect(buildUrl('/audit/export', q)).toBe('/api/v1/audit/export?action=card.top_up')
  })
})

describe('campaign list and segment', () => {
  it('asks one status or all, and follows the cursor', () => {
    expect(buildUrl('/campaigns', listQuery('', null))).toBe('/api/v1/campaigns?limit=20')
    expect(buildUrl('/campaigns', listQuery('paused', 'abc'))).toBe('/api/v1/campaigns?status=paused&cursor=abc&limit=20')
    expect(campaignStatuses).toContain('cancelled')
  })

  it('counts the same segment the campaign is created with', () => {
    const form = { ...emptyForm(), name: 'x', tiers: 'gold， silver', tags: 'vip coffee' }
    expect(segmentOf(form)).toEqual({ tiers: ['gold', 'silver'], tags: ['vip', 'coffee'], stores: [], uploadedList: false })
    expect(toRequest(form).segment).toEqual(segmentOf(form))
  })
})

describe('silos', () => {
  it('lists active silos first and marks the one that answered', () => {
    const rows = siloRows({
      thisSilo: 'S10.0.0.2:11111:1',
      silos: [
        { address: 'S10.0.0.3:11111:1', name: 'c', hostName: 'h3', status: 'Dead', startedAt: '2026-01-01T00:00:00Z', lastAliveAt: '2026-01-01T00:00:00Z', activations: 0, activationsByType: {} },
        { address: 'S10.0.0.2:11111:1', name: 'b', hostName: 'h2', status: 'Active', startedAt: '2026-01-01T00:00:00Z', lastAliveAt: '2026-01-01T00:00:00Z', activations: 3, activationsByType: { rules: 1, card: 1, member: 1 } },
        { address: 'S10.0.0.1:11111:1', name: 'a', hostName: 'h1', status: 'Active', startedAt: '2026-01-01T00:00:00Z', lastAliveAt: '2026-01-01T00:00:00Z', activations: 205, activationsByType: { card: 120, member: 80, rules: 1, store: 4 } },
      ],
    })
    expect(rows.map((r) => [r.name, r.answered])).toEqual([['a', false], ['b', true], ['c', false]])
    expect(rows.map((r) => [r.activations, r.busiest])).toEqual([[205, 'card 120 · member 80 · store 4'], [3, 'card 1 · member 1 · rules 1'], [0, '']])
    expect(siloRows(null)).toEqual([])
  })
})
