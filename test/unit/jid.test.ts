// JID parsing and normalisation used to address requests and match replies.
import { deepStrictEqual, equal } from 'node:assert/strict'

import { bareOf, normalizeJid, parseJid } from '../../src/jid'

describe('jid', () => {
  const PARSE: Array<[string, ReturnType<typeof parseJid>]> = [
    ['shakespeare.lit', { domain: 'shakespeare.lit' }],
    ['bill@shakespeare.lit', { local: 'bill', domain: 'shakespeare.lit' }],
    ['bill@shakespeare.lit/globe/theatre', { local: 'bill', domain: 'shakespeare.lit', resource: 'globe/theatre' }],
    ['room@muc.lit/nick@home', { local: 'room', domain: 'muc.lit', resource: 'nick@home' }],
    ['[::1]', { domain: '[::1]' }],
    ['', undefined],
    ['@a', undefined],
    ['a@', undefined],
    ['a/', undefined],
    ['a b@c', undefined],
    ["o'neil@c", undefined],
    ['a@b@c', undefined],
    [`${'x'.repeat(1024)}@c`, undefined]
  ]
  for (const [jid, parts] of PARSE) {
    it(`parses ${JSON.stringify(jid.slice(0, 40))}`, () => deepStrictEqual(parseJid(jid), parts))
  }

  it('normalises local part and domain, not the resource', () => {
    equal(normalizeJid('Bill@Shakespeare.LIT/Globe'), 'bill@shakespeare.lit/Globe')
    equal(normalizeJid('SHAKESPEARE.LIT.'), 'shakespeare.lit')
    equal(normalizeJid('not a jid'), 'not a jid')
    equal(bareOf({ local: 'Bill', domain: 'Shakespeare.lit', resource: 'x' }), 'bill@shakespeare.lit')
  })
})
