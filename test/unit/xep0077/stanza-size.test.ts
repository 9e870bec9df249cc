// Request stanzas are bounded in UTF-8 bytes after XML escaping (issue 9): a request over
// the bound is a client error naming the limit, and nothing is sent.
import { deepStrictEqual } from 'node:assert/strict'

import fc from 'fast-check'
import { Element } from 'ltx'

import { fitsStanzaLimit } from '../../../src/transport/size'
import { buildPasswordChange, buildSet, buildUnregister } from '../../../src/xep0077/stanzas'
import { checkPassword, checkSet, checkUnregister } from '../../../src/xep0077/validate'
import { plausibleRequest } from '../../fuzz/arbitraries'
import { fakeManager } from '../../support/fakes'
import { loadRegister } from '../../support/host'

const Register = loadRegister('xmpp-ftw')

describe('stanza size: UTF-8 bytes of the escaped stanza', () => {
  // [name, element, its size on the wire in bytes]
  const CASES: Array<[string, () => Element, number]> = [
    ['an empty element', () => new Element('a'), 4], // <a/>
    ['escaped attribute', () => new Element('a', { b: '"&\'' }), 26], // <a b="&quot;&amp;&apos;"/>
    ['escaped text', () => new Element('a').t('<&>'), 20], // <a>&lt;&amp;&gt;</a>
    ['multi-byte text', () => new Element('a').t('é€😀'), 16], // 2 + 3 + 4 bytes inside <a></a>
    ['nested, null attributes left out', () => {
      const a = new Element('a', { x: null, y: undefined, z: 'v' })
      a.c('b').t('x')
      return a
    }, 21], // <a z="v"><b>x</b></a>
    ['65,000 ampersands', () => new Element('misc').t('&'.repeat(65000)), 325013]
  ]
  for (const [name, element, bytes] of CASES) {
    it(`${name}: fits in ${bytes} bytes, not in ${bytes - 1}`, () => {
      deepStrictEqual([fitsStanzaLimit(element(), bytes), fitsStanzaLimit(element(), bytes - 1)], [true, false])
    })
  }
})

describe('stanza size: the bounds a check gives hold for the built stanza', () => {
  const ID = 'reg-AAAAAAAA-zzzzzz'
  const LIMIT = 400
  const OPS: Array<[string, (data: unknown) => { lower?: string; built?: Element; sizeBound?: number }]> = [
    ['set', (data) => { const c = checkSet(data, { maxStanzaBytes: LIMIT }); return c.ok ? { built: buildSet(ID, c.command), sizeBound: c.sizeBound } : { lower: c.message } }],
    ['unregister', (data) => { const c = checkUnregister(data, { maxStanzaBytes: LIMIT }); return c.ok ? { built: buildUnregister(ID, c.command), sizeBound: c.sizeBound } : { lower: c.message } }],
    ['password', (data) => { const c = checkPassword(data, 'bill', { maxStanzaBytes: LIMIT }); return c.ok ? { built: buildPasswordChange(ID, c.command), sizeBound: c.sizeBound } : { lower: c.message } }]
  ]
  for (const [name, run] of OPS) {
    it(`${name}: accepted requests fit in sizeBound + id; refused as too large means over the bound`, () => {
      fc.assert(fc.property(plausibleRequest(), (data) => {
        const { lower, built, sizeBound } = run(data)
        if (built !== undefined) {
          const bytes = Buffer.byteLength(built.toString(), 'utf8')
          return bytes <= sizeBound! + ID.length
        }
        // Refused on the lower bound: a check of the same request without a bound builds more than LIMIT bytes.
        if (!lower!.includes('larger than')) return true
        const unbounded = name === 'set' ? checkSet(data, { maxStanzaBytes: 2 ** 31 - 1 })
          : name === 'unregister' ? checkUnregister(data, { maxStanzaBytes: 2 ** 31 - 1 }) : checkPassword(data, 'bill', { maxStanzaBytes: 2 ** 31 - 1 })
        if (!unbounded.ok) return true // refused for another reason too (a JID too long, say)
        const again = name === 'set' ? buildSet(ID, unbounded.command as never) : name === 'unregister'
          ? buildUnregister(ID, unbounded.command as never) : buildPasswordChange(ID, unbounded.command as never)
        return Buffer.byteLength(again.toString(), 'utf8') > LIMIT
      }), { numRuns: 1000 })
    })
  }
})

describe('stanza size: requests over the bound are refused, nothing sent', () => {
  const fields = (count: number): unknown[] => Array.from({ length: count }, () => ({ var: 'a', value: 'b' }))
  const DEFAULT_LIMIT = "'form' key makes the request stanza larger than 65536 bytes"
  // [name, options, method, payload, error description or undefined when sent]
  const CASES: Array<[string, object, 'set' | 'unregister' | 'changePassword', Record<string, unknown>, string | undefined]> = [
    ['300,000 empty values', {}, 'set', { form: [{ var: 'v', value: Array(300000).fill('') }] }, DEFAULT_LIMIT],
    ['65,000 one-character fields', {}, 'set', { form: fields(65000) }, DEFAULT_LIMIT],
    ['65,000 one-character fields in a cancellation form', {}, 'unregister', { form: fields(65000) }, DEFAULT_LIMIT],
    ['65,000 & in misc (325 KB escaped)', {}, 'set', { misc: '&'.repeat(65000) }, 'Request stanza larger than 65536 bytes'],
    ['a 30,000-character password of 3-byte characters', {}, 'changePassword', { password: '€'.repeat(30000) }, 'Request stanza larger than 65536 bytes'],
    ['65,000 & in misc under a 1 MiB bound', { maxStanzaBytes: 1048576 }, 'set', { misc: '&'.repeat(65000) }, undefined],
    ['a 20,000-character password of 3-byte characters', {}, 'changePassword', { password: '€'.repeat(20000) }, undefined],
    ['a small request over a 100-byte bound', { maxStanzaBytes: 100 }, 'set', { username: 'bill', password: 'Calliope', email: 'bard@shakespeare.lit' },
      'Request stanza larger than 100 bytes'],
    ['a username alone over a 100-byte bound', { maxStanzaBytes: 100 }, 'set', { username: 'b'.repeat(101) },
      "'username' key makes the request stanza larger than 100 bytes"]
  ]
  for (const [name, options, method, payload, description] of CASES) {
    it(name, () => {
      const manager = fakeManager()
      const register = new Register(options)
      register.init(manager, true)
      const calls: unknown[][] = []
      const data = { to: 'shakespeare.lit', ...payload }
      register[method](data as never, (...args: unknown[]) => calls.push(args))
      const sent = manager.client.sent.length
      // A request that is sent gets its callback later (no reply here): free it.
      manager.client.goOffline()
      deepStrictEqual({ sent, calls }, description === undefined
        ? { sent: 1, calls: [[{ type: 'connection', condition: 'disconnected', description: 'XMPP client disconnected' }]] }
        : { sent: 0, calls: [[{ type: 'modify', condition: 'client-error', description, request: 'password' in data ? { ...data, password: '(hidden)' } : data }]] })
    })
  }

  it('refuses a bad maxStanzaBytes option', () => {
    const refused = [0, -1, 1.5, NaN, 2 ** 31, '65536'].filter((maxStanzaBytes) => {
      try { new Register({ maxStanzaBytes: maxStanzaBytes as number }) } catch (e) { return e instanceof RangeError }
      return false
    })
    deepStrictEqual([refused, new Register().maxStanzaBytes, Register.DEFAULT_MAX_STANZA_BYTES], [[0, -1, 1.5, NaN, 2 ** 31, '65536'], 65536, 65536])
  })
})
