// XEP-0231 §3 through the plugin in real xmpp-ftw (2.0.0 and 1.18.0) over a fake client: a
// get reply whose form names a cid: image it does not carry makes the plugin ask the same
// entity for it before the callback; a failed, spoofed, timed-out or cut-off fetch leaves the
// cid: URI; the per-client cache honours max-age.
import { deepStrictEqual, equal } from 'node:assert/strict'

import type { Element } from 'ltx'

import { fakeManager } from '../../support/fakes'
import { canonical, recorded, xml } from '../../support/fixtures'
import { HOSTS, loadRegister } from '../../support/host'
import { onlineSession, type Session } from '../../support/session'

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const SERVICE = 'captcha.shakespeare.lit'

/** A get result whose form has one field per cid, each with a cid: image. */
const formReply = (cids: string[], carried = ''): string =>
  "<iq type='result'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'>" +
  "<field type='hidden' var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>" +
  cids.map((cid, i) => `<field var='ocr${i}'><media xmlns='urn:xmpp:media-element'><uri type='image/png'>cid:${cid}</uri></media></field>`).join('') +
  `</x>${carried}</query></iq>`

const bobResult = (cid: string, base64: string, maxAge?: number): string =>
  `<iq type='result'><data xmlns='urn:xmpp:bob' cid='${cid}' type='image/png'${maxAge === undefined ? '' : ` max-age='${maxAge}'`}>${base64}</data></iq>`

/** The get result of formReply's form (mode included) with each field's one URI as given. */
const formJson = (uris: Array<{ uri: string; type: string; cid?: string }>): unknown => ({
  mode: 'form',
  form: {
    formType: 'urn:xmpp:captcha',
    fields: uris.map((uri, i) => ({ var: `ocr${i}`, media: [{ uris: [uri] }] }))
  }
})
const image = (cid: string, base64: string): { uri: string; type: string; cid: string } =>
  ({ uri: `data:image/png;base64,${base64}`, cid: `cid:${cid}`, type: 'image/png' })
const unresolved = (cid: string): { uri: string; type: string } => ({ uri: `cid:${cid}`, type: 'image/png' })

const bobRequest = (to: string, cid: string): string => canonical(xml(`<iq type='get' to='${to}'><data xmlns='urn:xmpp:bob' cid='${cid}'/></iq>`))

/** Collects every callback call of one request. */
const recorder = (): { calls: unknown[][]; cb: (...args: unknown[]) => void } => {
  const calls: unknown[][] = []
  return { calls, cb: (...args) => calls.push(args) }
}

for (const { version, pkg } of HOSTS) {
  describe(`XEP-0231 fetches in xmpp-ftw ${version}`, () => {
    let s: Session
    beforeEach(() => { s = onlineSession(pkg, { timeout: 200 }) })
    afterEach(() => equal(s.register.pending, 0, 'a request was left pending'))

    it('asks the same entity for a cid the reply does not carry, and answers only then, with the data: URI', async () => {
      const { calls, cb } = recorder()
      s.socket.fromBrowser('xmpp.register.get', { to: SERVICE }, cb)
      s.client.reply(formReply(['a@bob.xmpp.org']), { from: SERVICE })
      equal(s.client.sent.length, 2)
      equal(canonical(s.client.last(), ['id']), bobRequest(SERVICE, 'a@bob.xmpp.org'))
      await tick()
      deepStrictEqual(calls, [], 'no callback before the fetch ends')
      s.client.reply(bobResult('a@bob.xmpp.org', 'AAEC', 0), { from: SERVICE })
      deepStrictEqual(calls, [[null, formJson([image('a@bob.xmpp.org', 'AAEC')])]])
    })

    it('the home server: the fetch goes to it and a reply without from is taken', async () => {
      const answer = s.call('xmpp.register.get', { to: 'shakespeare.lit' })
      s.client.reply(formReply(['a@bob.xmpp.org']))
      equal(canonical(s.client.last(), ['id']), bobRequest('shakespeare.lit', 'a@bob.xmpp.org'))
      s.client.reply(bobResult('a@bob.xmpp.org', 'AAEC'))
      deepStrictEqual(await answer, [null, formJson([image('a@bob.xmpp.org', 'AAEC')])])
    })

    it('a failed fetch (ejabberd 23.01\'s recorded error) leaves the cid: URI; the get still succeeds', async () => {
      const cid = 'sha1+0000000000000000000000000000000000000000@bob.xmpp.org'
      const answer = s.call('xmpp.register.get', { to: 'localhost' })
      s.client.reply(formReply([cid]), { from: 'localhost' })
      equal(canonical(s.client.last(), ['id']), bobRequest('localhost', cid))
      s.client.reply(recorded('ejabberd-23.01', 'bob-not-handled').toString(), { from: 'localhost', to: undefined })
      deepStrictEqual(await answer, [null, formJson([unresolved(cid)])])
    })

    it('ignores data from a spoofed sender, and takes the entity\'s own', async () => {
      const { calls, cb } = recorder()
      s.socket.fromBrowser('xmpp.register.get', { to: SERVICE }, cb)
      s.client.reply(formReply(['a@bob.xmpp.org']), { from: SERVICE })
      s.client.reply(bobResult('a@bob.xmpp.org', 'AAEC'), { from: 'evil.lit' })
      s.client.reply(bobResult('a@bob.xmpp.org', 'AAEC'), { from: `${SERVICE}/res` })
      s.client.reply(bobResult('a@bob.xmpp.org', 'AAEC'), { from: undefined })
      await tick()
      deepStrictEqual(calls, [])
      s.client.reply(bobResult('a@bob.xmpp.org', 'AA=='), { from: SERVICE })
      deepStrictEqual(calls, [[null, formJson([image('a@bob.xmpp.org', 'AA==')])]])
    })

    it('data for another cid, bad base64 or a non-image type leave the cid: URI', async () => {
      const BAD = [
        bobResult('b@bob.xmpp.org', 'AAEC'),
        bobResult('a@bob.xmpp.org', 'AB=='),
        "<iq type='result'><data xmlns='urn:xmpp:bob' cid='a@bob.xmpp.org' type='text/html'>AAEC</data></iq>"
      ]
      for (const bad of BAD) {
        const answer = s.call('xmpp.register.get', { to: SERVICE })
        s.client.reply(formReply(['a@bob.xmpp.org']), { from: SERVICE })
        s.client.reply(bad, { from: SERVICE })
        deepStrictEqual(await answer, [null, formJson([unresolved('a@bob.xmpp.org')])], bad)
      }
    })

    it('a fetch that times out leaves the cid: URI; the callback comes once', async () => {
      const { calls, cb } = recorder()
      s.socket.fromBrowser('xmpp.register.get', { to: SERVICE }, cb)
      s.client.reply(formReply(['a@bob.xmpp.org']), { from: SERVICE })
      await tick(260)
      deepStrictEqual(calls, [[null, formJson([unresolved('a@bob.xmpp.org')])]])
      s.client.reply(bobResult('a@bob.xmpp.org', 'AAEC'), { from: SERVICE })
      await tick()
      equal(calls.length, 1)
    })

    it('logging out during a fetch answers the get with the cid: URI', async () => {
      const answer = s.call('xmpp.register.get', { to: SERVICE })
      s.client.reply(formReply(['a@bob.xmpp.org']), { from: SERVICE })
      await new Promise((resolve) => s.socket.fromBrowser('xmpp.logout', {}, resolve))
      deepStrictEqual(await answer, [null, formJson([unresolved('a@bob.xmpp.org')])])
    })

    it('cache: data with a max-age is not fetched again from that entity, but is from another', async () => {
      const first = s.call('xmpp.register.get', { to: SERVICE })
      s.client.reply(formReply(['a@bob.xmpp.org'], "<data xmlns='urn:xmpp:bob' cid='a@bob.xmpp.org' type='image/png' max-age='86400'>AAEC</data>"), { from: SERVICE })
      deepStrictEqual(await first, [null, formJson([image('a@bob.xmpp.org', 'AAEC')])])
      equal(s.client.sent.length, 1, 'carried: no fetch')
      const second = s.call('xmpp.register.get', { to: SERVICE })
      s.client.reply(formReply(['a@bob.xmpp.org']), { from: SERVICE })
      deepStrictEqual(await second, [null, formJson([image('a@bob.xmpp.org', 'AAEC')])])
      equal(s.client.sent.length, 2, 'cache hit: no fetch')
      const other = s.call('xmpp.register.get', { to: 'other.shakespeare.lit' })
      s.client.reply(formReply(['a@bob.xmpp.org']), { from: 'other.shakespeare.lit' })
      equal(canonical(s.client.last(), ['id']), bobRequest('other.shakespeare.lit', 'a@bob.xmpp.org'))
      s.client.reply(bobResult('a@bob.xmpp.org', 'AA=='), { from: 'other.shakespeare.lit' })
      deepStrictEqual(await other, [null, formJson([image('a@bob.xmpp.org', 'AA==')])])
    })

    it('cache: data with max-age 0 is fetched every time; an expired entry too', async () => {
      for (let round = 0; round < 2; round++) {
        const answer = s.call('xmpp.register.get', { to: SERVICE })
        s.client.reply(formReply(['z@bob.xmpp.org']), { from: SERVICE })
        equal(canonical(s.client.last(), ['id']), bobRequest(SERVICE, 'z@bob.xmpp.org'))
        s.client.reply(bobResult('z@bob.xmpp.org', 'AAEC', 0), { from: SERVICE })
        deepStrictEqual(await answer, [null, formJson([image('z@bob.xmpp.org', 'AAEC')])])
      }
      equal(s.client.sent.length, 4)
      const realNow = performance.now.bind(performance)
      const answer = s.call('xmpp.register.get', { to: SERVICE })
      s.client.reply(formReply(['y@bob.xmpp.org']), { from: SERVICE })
      s.client.reply(bobResult('y@bob.xmpp.org', 'AAEC', 1), { from: SERVICE })
      await answer
      const skew = 1001
      performance.now = () => realNow() + skew
      try {
        const again = s.call('xmpp.register.get', { to: SERVICE })
        s.client.reply(formReply(['y@bob.xmpp.org']), { from: SERVICE })
        equal(canonical(s.client.last(), ['id']), bobRequest(SERVICE, 'y@bob.xmpp.org'), 'expired after max-age seconds')
        s.client.reply(bobResult('y@bob.xmpp.org', 'AA=='), { from: SERVICE })
        deepStrictEqual(await again, [null, formJson([image('y@bob.xmpp.org', 'AA==')])])
      } finally {
        performance.now = realNow
      }
    })

    it('fetches at most 4 distinct cids of one reply, once each, at the same time', async () => {
      const cids = ['1', '2', '3', '4', '5', '2'].map((n) => `${n}@bob.xmpp.org`)
      const answer = s.call('xmpp.register.get', { to: SERVICE })
      s.client.reply(formReply(cids), { from: SERVICE })
      const fetches = s.client.sent.slice(1)
      deepStrictEqual(fetches.map((iq) => canonical(iq, ['id'])), cids.slice(0, 4).map((cid) => bobRequest(SERVICE, cid)))
      for (const iq of fetches.reverse()) {
        const cid = iq.getChild('data')!.attrs.cid as string
        s.client.deliver(xml(bobResult(cid, 'AAEC')).attr('id', iq.attrs.id).attr('from', SERVICE))
      }
      deepStrictEqual(await answer, [null, formJson([
        image(cids[0]!, 'AAEC'), image(cids[1]!, 'AAEC'), image(cids[2]!, 'AAEC'), image(cids[3]!, 'AAEC'), unresolved(cids[4]!), image(cids[1]!, 'AAEC')
      ])])
    })

    it('an error reply to get: its form\'s images are resolved too', async () => {
      const answer = s.call('xmpp.register.get', { to: SERVICE })
      s.client.reply("<iq type='error'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'>" +
        "<field var='ocr0'><media xmlns='urn:xmpp:media-element'><uri type='image/png'>cid:a@bob.xmpp.org</uri></media></field></x>" +
        "<data xmlns='urn:xmpp:bob' cid='a@bob.xmpp.org' type='image/png' max-age='0'>AAEC</data></query>" +
        "<error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>", { from: SERVICE })
      deepStrictEqual(await answer, [{
        type: 'modify',
        condition: 'not-acceptable',
        form: { fields: [{ var: 'ocr0', media: [{ uris: [image('a@bob.xmpp.org', 'AAEC')] }] }] }
      }])
      equal(s.client.sent.length, 1)
    })
  })
}

describe('XEP-0231 options', () => {
  const Register = loadRegister('xmpp-ftw')

  it('maxBobBytes: 0 turns Bits of Binary off: no data: URI, no fetch', async () => {
    const s = onlineSession('xmpp-ftw', undefined, undefined, new Register({ timeout: 200, maxBobBytes: 0 }))
    const answer = s.call('xmpp.register.get', { to: SERVICE })
    s.client.reply(formReply(['a@bob.xmpp.org', 'b@bob.xmpp.org'], "<data xmlns='urn:xmpp:bob' cid='a@bob.xmpp.org' type='image/png'>AAEC</data>"), { from: SERVICE })
    deepStrictEqual(await answer, [null, formJson([unresolved('a@bob.xmpp.org'), unresolved('b@bob.xmpp.org')])])
    equal(s.client.sent.length, 1)
  })

  it('maxBobBytes bounds the decoded bytes; larger data is fetched neither', async () => {
    const s = onlineSession('xmpp-ftw', undefined, undefined, new Register({ timeout: 200, maxBobBytes: 2 }))
    const answer = s.call('xmpp.register.get', { to: SERVICE })
    s.client.reply(formReply(['a@bob.xmpp.org', 'b@bob.xmpp.org'], "<data xmlns='urn:xmpp:bob' cid='a@bob.xmpp.org' type='image/png'>AAE=</data>"), { from: SERVICE })
    s.client.reply(bobResult('b@bob.xmpp.org', 'AAEC'), { from: SERVICE })
    deepStrictEqual(await answer, [null, formJson([image('a@bob.xmpp.org', 'AAE='), unresolved('b@bob.xmpp.org')])])
    equal(Register.DEFAULT_MAX_BOB_BYTES, 65536)
    // Data the reply carries over the bound is not fetched: the entity has sent what it has.
    const again = s.call('xmpp.register.get', { to: SERVICE })
    s.client.reply(formReply(['c@bob.xmpp.org'], "<data xmlns='urn:xmpp:bob' cid='c@bob.xmpp.org' type='image/png'>AAEC</data>"), { from: SERVICE })
    deepStrictEqual(await again, [null, formJson([unresolved('c@bob.xmpp.org')])])
    equal(s.client.sent.length, 3)
    equal(new Register().maxBobBytes, 65536)
  })

  it('refuses a bad maxBobBytes option', () => {
    for (const maxBobBytes of [-1, 1.5, NaN, 2 ** 31, '10' as unknown as number]) {
      let threw = false
      try { new Register({ maxBobBytes }) } catch (e) { threw = e instanceof RangeError }
      equal(threw, true, String(maxBobBytes))
    }
  })
})

describe('XEP-0231 fetches through manager.trackId (the xmpp-ftw family\'s test convention)', () => {
  it('the fetch is registered with trackId and its reply taken from there', async () => {
    const Register = loadRegister('xmpp-ftw')
    const manager = fakeManager()
    const tracked: Array<{ stanza: Element; callback: (reply: unknown) => void }> = []
    const withTrackId = Object.assign(manager, { trackId: (stanza: Element, callback: (reply: unknown) => void) => { tracked.push({ stanza, callback }) } })
    const register = new Register({ timeout: 200 })
    register.init(withTrackId, true)
    const answer = new Promise<unknown[]>((resolve) => register.get({ to: SERVICE }, (...args) => resolve(args)))
    tracked[0]!.callback(xml(formReply(['a@bob.xmpp.org'])).attr('from', SERVICE))
    equal(tracked.length, 2)
    equal(canonical(tracked[1]!.stanza, ['id']), bobRequest(SERVICE, 'a@bob.xmpp.org'))
    tracked[1]!.callback(xml(bobResult('a@bob.xmpp.org', 'AAEC')).attr('from', SERVICE))
    deepStrictEqual(await answer, [null, formJson([image('a@bob.xmpp.org', 'AAEC')])])
    equal(register.pending, 0)
  })
})
