// Bad requests from a socket: each is refused with a client error text that names the key.
import { deepStrictEqual } from 'node:assert/strict'

import { MESSAGES } from '../../../src/xep0077/request-text'
import { checkGet, checkPassword, checkSet, checkUnregister } from '../../../src/xep0077/validate'

type Check = (data: unknown) => { ok: boolean; message?: string }
const OPS: Array<[string, Check]> = [
  ['get', checkGet],
  ['set', checkSet],
  ['unregister', checkUnregister],
  ['password', (data) => checkPassword(data, 'bill')]
]

const refused = (check: Check, data: unknown): string | undefined => {
  const result = check(data)
  return result.ok ? undefined : result.message
}

describe('request checks', () => {
  describe('every operation', () => {
    const TO_CASES: Array<[string, unknown, string]> = [
      ['null data', null, MESSAGES.notAnObject],
      ['undefined data', undefined, MESSAGES.notAnObject],
      ['a string as data', 'shakespeare.lit', MESSAGES.notAnObject],
      ['an array as data', [{ to: 'a' }], MESSAGES.notAnObject],
      ['a number as data', 5, MESSAGES.notAnObject],
      ['no to', {}, "Missing 'to' key"],
      ['to null', { to: null }, "Missing 'to' key"],
      ['to empty', { to: '' }, "Missing 'to' key"],
      ['to a number', { to: 5 }, "'to' key must be a string"],
      ['to an object', { to: { domain: 'a' } }, "'to' key must be a string"],
      ['to an array', { to: ['a'] }, "'to' key must be a string"],
      ['to with a NUL', { to: 'a\u0000b' }, "'to' key contains a character XML does not allow"],
      ['to with a lone surrogate', { to: 'a\uD800b' }, "'to' key contains a character XML does not allow"],
      ['to with U+FFFE', { to: 'a\uFFFE' }, "'to' key contains a character XML does not allow"],
      ['to with a space', { to: 'shakespeare lit' }, "'to' key must be a valid JID"],
      ['to without domain', { to: 'bill@' }, "'to' key must be a valid JID"],
      ['to without local part', { to: '@shakespeare.lit' }, "'to' key must be a valid JID"],
      ['to with an empty resource', { to: 'shakespeare.lit/' }, "'to' key must be a valid JID"],
      ['to with two @', { to: 'a@b@c' }, "'to' key must be a valid JID"],
      ['to too long', { to: 'a'.repeat(65537) }, "'to' key makes the request stanza larger than 65536 bytes"]
    ]
    for (const [opName, check] of OPS) {
      for (const [name, data, message] of TO_CASES) {
        it(`${opName}: ${name}`, () => deepStrictEqual(refused(check, data), message))
      }
      it(`${opName}: a form that is not a list of fields`, () => {
        if (opName === 'get') return deepStrictEqual(refused(check, { to: 'a', form: 'x' }), undefined)
        for (const form of ['x', 5, true, { fields: 'x' }, {}, [null], [5], [[]], [{ value: 'no var' }], [{ var: '' }],
          [{ var: 'a', value: { nested: 1 } }], [{ var: 'a', value: [[1]] }], [{ var: 'a', value: NaN }], [{ var: 5 }],
          [{ var: 'a', type: 5 }], [{ var: 'FORM_TYPE', value: ['a', 'b'] }], [{ var: 'FORM_TYPE' }], { formType: 5, fields: [{ var: 'a' }] }]) {
          deepStrictEqual(refused(check, { to: 'a', form }), MESSAGES.badForm, JSON.stringify(form))
        }
      })
      it(`${opName}: control characters inside a form`, () => {
        if (opName === 'get') return
        deepStrictEqual(refused(check, { to: 'a', form: [{ var: 'x', value: 'a\u0001' }] }), "'form' key contains a character XML does not allow")
        deepStrictEqual(refused(check, { to: 'a', form: [{ var: 'x\u001b' }] }), "'form' key contains a character XML does not allow")
      })
      it(`${opName}: a well-formed request passes`, () => {
        deepStrictEqual(check({ to: 'Room@Conference.Example.org/Nick', password: 'p', username: 'u' }).ok, true)
      })
    }
  })

  describe('set', () => {
    it('refuses a field of the wrong type, naming it', () => {
      deepStrictEqual(refused(checkSet, { to: 'a', email: { x: 1 } }), "'email' key must be a string")
      deepStrictEqual(refused(checkSet, { to: 'a', zip: true }), "'zip' key must be a string")
      deepStrictEqual(refused(checkSet, { to: 'a', nick: ['a'] }), "'nick' key must be a string")
      deepStrictEqual(refused(checkSet, { to: 'a', key: Infinity }), "'key' key must be a string")
    })
    it('refuses control characters in a field, naming it', () => {
      deepStrictEqual(refused(checkSet, { to: 'a', password: 'pass\u0007word' }), "'password' key contains a character XML does not allow")
    })
    it('refuses a request larger than the limit, naming the key that passed it', () => {
      deepStrictEqual(refused(checkSet, { to: 'a', username: 'u', misc: 'x'.repeat(65536) }),
        "'misc' key makes the request stanza larger than 65536 bytes")
      deepStrictEqual(refused(checkSet, { to: 'a', form: Array.from({ length: 70000 }, () => ({ var: 'v' })) }),
        "'form' key makes the request stanza larger than 65536 bytes")
    })
    it('takes numbers as text, skips null fields and unknown keys', () => {
      deepStrictEqual(checkSet({ to: 'a', zip: 12345, phone: null, foo: { bar: 1 }, ['__proto__']: 'x' }),
        // sizeBound: 6 bytes per character of 'a' and '12345', 64 per element (zip), 512 for the frame.
        { ok: true, command: { to: 'a', fields: [{ name: 'zip', value: '12345' }] }, sizeBound: 6 * 6 + 64 + 512 })
    })
    it('ignores legacy fields, even bad ones, when a form is given', () => {
      deepStrictEqual(checkSet({ to: 'a', email: {}, form: [{ var: 'email', value: 'a@b' }] }),
        { ok: true, command: { to: 'a', fields: [], form: { formType: 'jabber:iq:register', fields: [{ var: 'email', values: ['a@b'] }] } }, sizeBound: 6 * 27 + 2 * 64 + 512 })
    })
  })

  describe('password', () => {
    it('needs a password', () => {
      deepStrictEqual(refused((d) => checkPassword(d, 'bill'), { to: 'a' }), "Missing 'password' key")
      deepStrictEqual(refused((d) => checkPassword(d, 'bill'), { to: 'a', password: '' }), "Missing 'password' key")
      deepStrictEqual(refused((d) => checkPassword(d, 'bill'), { to: 'a', password: 5 }), "'password' key must be a string")
    })
    it('takes the username from the session, or refuses when there is none', () => {
      deepStrictEqual(checkPassword({ to: 'a', password: 'p' }, 'bill'), { ok: true, command: { to: 'a', username: 'bill', password: 'p' }, sizeBound: 6 * 6 + 512 })
      deepStrictEqual(refused((d) => checkPassword(d, undefined), { to: 'a', password: 'p' }), "Missing 'username' key")
      deepStrictEqual(refused((d) => checkPassword(d, 'bill'), { to: 'a', password: 'p', username: 7 }), "'username' key must be a string")
    })
  })

  it('a throwing getter in the payload is a client error, not a throw', () => {
    const data = { to: 'a' }
    Object.defineProperty(data, 'username', { enumerable: true, get: () => { throw new Error('boom') } })
    deepStrictEqual(refused(checkSet, data), MESSAGES.invalid)
  })
})
