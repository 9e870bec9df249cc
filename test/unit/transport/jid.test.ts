// JID parsing and normalisation used to address requests and match replies.
import { deepStrictEqual, equal } from 'node:assert/strict'

import { bareOf, normalizeJid, parseJid } from '../../../src/transport/jid'
import { HOSTS } from '../../support/host'
import { onlineSession } from '../../support/session'

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

describe('jid: RFC 7622 comparison forms', () => {
  const NFD = (s: string): string => s.normalize('NFD')
  const NORMAL: Array<[string, string, string]> = [
    ['NFD local part and domain to NFC', NFD('José@Café.lit/Zoë'), 'josé@café.lit/Zoë'],
    ['NFD resource to NFC, its case kept', `bill@shakespeare.lit/${NFD('Zoë')}`, 'bill@shakespeare.lit/Zoë'],
    ['full-width letters and full stops', 'Ｂｉｌｌ@ＳＨＡＫＥＳＰＥＡＲＥ．ＬＩＴ/Ｇｌｏｂｅ', 'bill@shakespeare.lit/Ｇｌｏｂｅ'],
    ['ideographic full stops in the domain', 'room@conference。shakespeare｡lit', 'room@conference.shakespeare.lit'],
    ['half-width katakana in the local part', 'ｶﾞﾙ@shakespeare.lit', 'ガル@shakespeare.lit'],
    ['non-ASCII upper case', 'ÉLODIE@ΣΦΑΙΡΑ.lit', 'élodie@σφαιρα.lit'],
    ['a non-ASCII space in the resource is a space', 'bill@shakespeare.lit/the\u00a0globe', 'bill@shakespeare.lit/the globe'],
    ['a trailing dot of a non-ASCII domain', 'Café.lit.', 'café.lit'],
    ['a full-width @ that would make a second @: not a JID, unchanged', 'a＠b@c.lit', 'a＠b@c.lit'],
    ['already normal', 'josé@café.lit/Zoë', 'josé@café.lit/Zoë']
  ]
  for (const [what, jid, normal] of NORMAL) {
    it(what, () => {
      equal(normalizeJid(jid), normal)
      equal(normalizeJid(normal), normal, 'idempotent')
    })
  }
})

for (const { version, pkg } of HOSTS) {
  describe(`jid: replies from the RFC 7622 equivalent of the addressee (xmpp-ftw ${version})`, () => {
    const SENDERS: Array<[string, string, string]> = [
      ['NFD sender, NFC request', 'josé@café.lit', 'jose\u0301@cafe\u0301.lit'],
      ['NFC sender, NFD request', 'jose\u0301@cafe\u0301.lit', 'josé@café.lit'],
      ['full-width sender', 'contests.shakespeare.lit', 'ｃｏｎｔｅｓｔｓ．ｓｈａｋｅｓｐｅａｒｅ．ｌｉｔ'],
      ['full-width request', 'ＲＯＯＭ@conference.shakespeare.lit', 'room@conference.shakespeare.lit']
    ]
    for (const [what, to, from] of SENDERS) {
      it(`${what}: the reply is accepted`, async () => {
        const s = onlineSession(pkg, { timeout: 200 })
        const answer = s.call('xmpp.register.get', { to })
        s.client.reply("<iq type='result'><query xmlns='jabber:iq:register'><registered/></query></iq>", { from })
        deepStrictEqual(await answer, [null, { registered: true, mode: 'legacy' }])
      })
    }

    it('a sender that differs after normalisation is still refused', async () => {
      const s = onlineSession(pkg, { timeout: 200 })
      const calls: unknown[][] = []
      s.socket.fromBrowser('xmpp.register.get', { to: 'josé@café.lit' }, (...args: unknown[]) => calls.push(args))
      for (const from of ['jose@cafe.lit', 'josé@café.lit/res', 'jose\u0301@cafe.lit']) {
        s.client.reply("<iq type='result'><query xmlns='jabber:iq:register'/></iq>", { from })
      }
      deepStrictEqual(calls, [])
      s.client.reply("<iq type='result'><query xmlns='jabber:iq:register'/></iq>", { from: 'josé@café.lit' })
      deepStrictEqual(calls, [[null, { mode: 'legacy' }]])
    })
  })
}
