// The sign-up session of one socket against a scripted server: issue 21 #1 (a token refused
// here keeps the stream), #3 (a form without FORM_TYPE goes back with get's) and #4/#5 (an
// opening aborted at any step by cancel, end, disconnect, xmpp.login or close(): the get
// answered once with `disconnected` at once, the connection closed, the stream count released).
// Each failed before its fix.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'

import Register = require('../../../src')
import { CLOSED_BEFORE_READY } from '../../../src/signup/errors'
import { signupStreamCount } from '../../../src/signup/stream'
import { FakeSocket } from '../../support/fakes'
import { FakeXmppServer, features, HEADER, lastIq, REGISTER_FEATURE, serve, STARTTLS_FEATURE, type Script } from '../../support/fake-xmpp-server'
import { assertNothingLeft, snapshot } from '../../support/handles'

const QUERY = "<query xmlns='jabber:iq:register'><username/><password/></query>"
const CAPTCHA_FORM = "<query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'>" +
  "<field type='hidden' var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>" +
  "<field type='text-single' var='username'/><field type='text-private' var='password'/><field type='text-single' var='ocr'/></x></query>"

/** Offers STARTTLS, says proceed, then never answers the TLS handshake. */
const tlsNeverAnswered = (): Script => {
  const proceeded = new WeakSet<object>()
  return (received, socket) => {
    if (proceeded.has(socket)) return undefined
    if (received.includes('<starttls')) {
      proceeded.add(socket)
      return "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
    }
    return received.includes('<stream:stream') ? HEADER + features(STARTTLS_FEATURE, REGISTER_FEATURE) : undefined
  }
}

const page = async (script: Script, timeout = 5000) => {
  const server = new FakeXmppServer(script)
  const port = await server.listen()
  const socket = new FakeSocket()
  const signup = Register.attachSignup({ socket }, { domains: { localhost: { host: '127.0.0.1', port, tls: 'optional' } }, timeout, limits: false })
  const call = (event: string, data?: unknown): Promise<unknown[]> =>
    new Promise((resolve) => socket.fromBrowser(event, data, (...args: unknown[]) => resolve(args)))
  return { server, socket, signup, call }
}

const until = async (what: () => boolean, ms = 2000): Promise<void> => {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error('condition not reached')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('sign-up session of one socket', () => {
  let baseline: Record<string, number>
  let cleanup: Array<() => Promise<void> | void> = []
  beforeEach(async () => { baseline = await snapshot() })
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step()
    await assertNothingLeft(baseline)
    equal(signupStreamCount(), 0)
  })

  it('#1: a token to a server without XEP-0445 is refused here; the stream stays open for a set without a token', async () => {
    const p = await page(serve(features(REGISTER_FEATURE), (id, received) =>
      lastIq(received).includes('type="get"') ? `<iq type='result' id='${id}'>${QUERY}</iq>` : `<iq type='result' id='${id}'/>`))
    cleanup = [() => p.signup.close(), () => p.server.close()]
    deepStrictEqual(await p.call('xmpp.register.account.get', { domain: 'localhost', token: 'tok' }), [{
      type: 'cancel', condition: 'feature-not-implemented', description: 'localhost does not accept invite tokens (XEP-0445)'
    }])
    deepStrictEqual(await p.call('xmpp.register.account.set', { domain: 'localhost', token: 'tok', username: 'juliet', password: 'pw' }), [{
      type: 'cancel', condition: 'feature-not-implemented', description: 'localhost does not accept invite tokens (XEP-0445)'
    }])
    deepStrictEqual(await p.call('xmpp.register.account.set', { domain: 'localhost', username: 'juliet', password: 'pw' }), [null, { registered: true, jid: 'juliet@localhost' }])
    equal(p.server.received.length, 1, 'one connection throughout')
    ok(!p.server.received[0]!.includes('preauth'), 'no token sent')
  })

  it("#3: account.set with the array form submits get's FORM_TYPE", async () => {
    const p = await page(serve(features(REGISTER_FEATURE), (id, received) =>
      lastIq(received).includes('type="get"') ? `<iq type='result' id='${id}'>${CAPTCHA_FORM}</iq>` : `<iq type='result' id='${id}'/>`))
    cleanup = [() => p.signup.close(), () => p.server.close()]
    const [error, got] = await p.call('xmpp.register.account.get', { domain: 'localhost' })
    equal(error, null)
    equal((got as { form: { formType: string } }).form.formType, 'urn:xmpp:captcha')
    const form = [{ var: 'username', value: 'juliet' }, { var: 'password', value: 'pw' }, { var: 'ocr', value: '7nHL3' }]
    deepStrictEqual(await p.call('xmpp.register.account.set', { domain: 'localhost', form }), [null, { registered: true, jid: 'juliet@localhost' }])
    const set = lastIq(p.server.received[0]!)
    ok(set.includes('<field type="hidden" var="FORM_TYPE"><value>urn:xmpp:captcha</value></field>'), set)
  })

  // Where the opening waits, and what stops it.
  const STEPS: Array<[string, Script]> = [
    ['the stream header', () => undefined],
    ['the stream features', (received) => (received.includes('<stream:stream') ? HEADER : undefined)],
    ['the answer to STARTTLS', (received) => (received.includes('<starttls') ? undefined : received.includes('<stream:stream') ? HEADER + features(STARTTLS_FEATURE, REGISTER_FEATURE) : undefined)],
    ['the TLS handshake', tlsNeverAnswered()]
  ]
  const TRIGGERS: Array<[string, (p: Awaited<ReturnType<typeof page>>) => void]> = [
    ['cancel', (p) => p.socket.fromBrowser('xmpp.register.account.cancel', {}, () => undefined)],
    ['socket end', (p) => p.socket.emit('end')],
    ['socket disconnect', (p) => p.socket.emit('disconnect')],
    ['xmpp.login', (p) => p.socket.emit('xmpp.login', {})],
    ['close()', (p) => p.signup.close()]
  ]
  for (const [step, script] of STEPS) {
    for (const [trigger, stop] of TRIGGERS) {
      it(`#4/#5: ${trigger} while waiting for ${step} aborts the opening at once`, async () => {
        const p = await page(script, 5000)
        cleanup = [() => p.signup.close(), () => p.server.close()]
        const started = Date.now()
        const get = p.call('xmpp.register.account.get', { domain: 'localhost' })
        await until(() => p.server.received.length === 1 && (step !== 'the TLS handshake' || p.server.received[0]!.includes('<starttls')))
        equal(signupStreamCount(), 1)
        stop(p)
        deepStrictEqual(await get, [{ type: 'connection', condition: 'disconnected', description: CLOSED_BEFORE_READY }])
        ok(Date.now() - started < 2000, `answered after ${Date.now() - started} ms (timeout 5000)`)
        equal(signupStreamCount(), 0, 'the stream count released')
        await until(() => p.server.connections === 0)
        if (trigger === 'cancel') {
          // The socket is free at once: a new get is not refused as busy (it opens a new stream).
          const again = p.call('xmpp.register.account.get', { domain: 'localhost' })
          await until(() => p.server.received.length === 2)
          p.socket.fromBrowser('xmpp.register.account.cancel', {}, () => undefined)
          deepStrictEqual(await again, [{ type: 'connection', condition: 'disconnected', description: CLOSED_BEFORE_READY }])
        }
      })
    }
  }
})
