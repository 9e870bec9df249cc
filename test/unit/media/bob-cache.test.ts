// XEP-0231 §4 cache, per XMPP client: max-age honoured (0: not kept; none: for the session),
// keyed by sender and cid, at most 16 entries with the least recently used dropped first.
import { deepStrictEqual, equal } from 'node:assert/strict'

import type { BobData } from '../../../src/media/bob'
import { cacheBobData, cachedBobData, MAX_BOB_CACHE_ENTRIES } from '../../../src/media/bob-cache'

const data = (cid: string, maxAge?: number): BobData => ({ cid, base64: 'AAEC', type: 'image/png', ...(maxAge === undefined ? {} : { maxAge }) })

describe('XEP-0231 cache', () => {
  const realNow = performance.now.bind(performance)
  let skew = 0
  beforeEach(() => {
    skew = 0
    performance.now = () => realNow() + skew
  })
  afterEach(() => { performance.now = realNow })

  // [stored max-age, seconds later, still there]
  const AGES: Array<[number | undefined, number, boolean]> = [
    [undefined, 0, true],
    [undefined, 10 * 365 * 86400, true],
    [0, 0, false],
    [60, 59.9, true],
    [60, 60, false]
  ]
  for (const [maxAge, later, kept] of AGES) {
    it(`max-age ${String(maxAge)}, ${later} s later: ${kept ? 'hit' : 'miss'}`, () => {
      const client = {}
      cacheBobData(client, 'a.lit', data('c', maxAge))
      skew = later * 1000
      deepStrictEqual(cachedBobData(client, 'a.lit', 'c'), kept ? data('c', maxAge) : undefined)
    })
  }

  it('is per client and per sender', () => {
    const client = {}
    cacheBobData(client, 'a.lit', data('c'))
    equal(cachedBobData({}, 'a.lit', 'c'), undefined)
    equal(cachedBobData(client, 'b.lit', 'c'), undefined)
    equal(cachedBobData(client, 'a.lit', 'd'), undefined)
    deepStrictEqual(cachedBobData(client, 'a.lit', 'c'), data('c'))
  })

  it(`keeps ${MAX_BOB_CACHE_ENTRIES} entries, the least recently used dropped first`, () => {
    const client = {}
    for (let i = 0; i < MAX_BOB_CACHE_ENTRIES; i++) cacheBobData(client, 'a.lit', data(`c${i}`))
    cachedBobData(client, 'a.lit', 'c0') // used: now the most recent
    cacheBobData(client, 'a.lit', data('new'))
    equal(cachedBobData(client, 'a.lit', 'c1'), undefined, 'the least recently used went')
    for (const cid of ['c0', 'c2', `c${MAX_BOB_CACHE_ENTRIES - 1}`, 'new']) deepStrictEqual(cachedBobData(client, 'a.lit', cid), data(cid), cid)
  })

  it('data stored again replaces the old, with its new max-age', () => {
    const client = {}
    cacheBobData(client, 'a.lit', { ...data('c', 10), base64: 'AA==' })
    cacheBobData(client, 'a.lit', data('c', 100))
    skew = 50000
    deepStrictEqual(cachedBobData(client, 'a.lit', 'c'), data('c', 100))
  })
})
