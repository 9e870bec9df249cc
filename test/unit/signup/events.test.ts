// The sign-up events (xmpp.register.account.get/set/cancel) through real xmpp-ftw 2.0 and 1.18
// `Xmpp` instances over a fake browser socket, against a scripted XMPP server: every path and
// error compared whole, callbacks exactly once, no stream, socket or timer left.
import { deepStrictEqual, equal, throws } from 'node:assert/strict'

import { signupStreamCount } from '../../../src/signup/stream'
import { FakeClient, FakeSocket } from '../../support/fakes'
import { FakeXmppServer, features, lastIq, REGISTER_FEATURE, serve } from '../../support/fake-xmpp-server'
import { assertNothingLeft, snapshot } from '../../support/handles'
import { HOSTS, hostModule, loadRegister } from '../../support/host'
import { onlineSession } from '../../support/session'

/** A socket that, like socket.io's server socket, throws when `removeListener` is emitted. */
class ReservedNamesSocket extends FakeSocket {
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'removeListener' || event === 'newListener') throw new Error(`"${String(event)}" is a reserved event name`)
    return super.emit(event, ...args)
  }
}

const TOKEN_FEATURE = "<register xmlns='urn:xmpp:ibr-token:0'/>"
const QUERY = "<query xmlns='jabber:iq:register'><instructions>Pick a name</instructions><username/><password/></query>"
const FORBIDDEN = "<error type='cancel'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
const EVENTS = ['xmpp.register.account.get', 'xmpp.register.account.set', 'xmpp.register.account.cancel']

/** The scripted server: get → QUERY; preauth with token 'good' → result, else forbidden; set → result (or never, `silent`). */
const answer = (silent: string[] = []) => (id: string, received: string): string | undefined => {
  const iq = lastIq(received)
  if (iq.includes('urn:xmpp:pars:0')) {
    if (silent.includes('preauth')) return undefined
    return iq.includes('token="good"') ? `<iq type='result' id='${id}'/>` : `<iq type='error' id='${id}'>${FORBIDDEN}</iq>`
  }
  if (iq.includes('type="get"')) return silent.includes('get') ? undefined : `<iq type='result' id='${id}'>${QUERY}</iq>`
  return silent.includes('set') ? undefined : `<iq type='result' id='${id}'/>`
}

/** The requests the server got, by kind, in order (no secrets: names only). */
const requests = (received: string): string[] =>
  [...received.matchAll(/<iq [^>]*type="(get|set)"[^>]*>(<(\w+))?/g)].map((m) => (m[3] === 'preauth' ? 'preauth' : m[1]!))

const GET_RESULT = {
  domain: 'localhost',
  instructions: 'Pick a name',
  username: true,
  password: true,
  mode: 'legacy',
  features: { register: true, preauth: true }
}
const REGISTERED = { registered: true, jid: 'juliet@localhost' }
const JULIET = { domain: 'localhost', username: 'Juliet', password: 'pw' }

for (const { version, pkg } of HOSTS) {
  describe(`sign-up events on xmpp-ftw ${version}`, () => {
    const Register = loadRegister(pkg)
    const { Xmpp } = hostModule(pkg) as unknown as { Xmpp: new (socket: FakeSocket) => { addListener(l: unknown): void } }
    let server: FakeXmppServer | undefined
    let baseline: Record<string, number> = {}
    const closers: Array<() => void> = []

    let port = 0

    /** A socket (not logged in, unless `xmpp` is given) with the plugin and the sign-up attached. */
    const page = async (options: Record<string, unknown> = {}, silent: string[] = [], online?: { socket: FakeSocket; xmpp: unknown }) => {
      if (server === undefined) {
        baseline = await snapshot()
        server = new FakeXmppServer(serve(features(REGISTER_FEATURE, TOKEN_FEATURE), answer(silent)))
        port = await server.listen()
      }
      let socket: FakeSocket
      let xmpp: unknown
      if (online === undefined) {
        socket = new FakeSocket()
        const offline = new Xmpp(socket)
        offline.addListener(new Register())
        xmpp = offline
      } else {
        ({ socket, xmpp } = online)
      }
      const signup = Register.attachSignup(xmpp as never, {
        domains: { localhost: { host: '127.0.0.1', port, tls: 'optional' }, 'other.test': { host: '127.0.0.1', port, tls: 'optional' } },
        timeout: 300,
        limits: false,
        ...options
      })
      closers.push(() => signup.close())
      const call = (event: string, data?: unknown): Promise<unknown[]> =>
        new Promise((resolve) => socket.fromBrowser(event, data, (...args: unknown[]) => resolve(args)))
      return { socket, xmpp, signup, call, received: () => server!.received }
    }

    afterEach(async () => {
      for (const close of closers.splice(0)) close()
      await server?.close()
      server = undefined
      await assertNothingLeft(baseline)
      equal(signupStreamCount(), 0)
    })

    it('before login: get, then set; one stream, closed after the account', async () => {
      const p = await page()
      deepStrictEqual(await p.call('xmpp.register.account.get', { domain: 'LocalHost' }), [null, GET_RESULT])
      deepStrictEqual(await p.call('xmpp.register.account.set', JULIET), [null, REGISTERED])
      deepStrictEqual(p.received().map(requests), [['get', 'set']])
      equal(signupStreamCount(), 0)
    })

    it('a token on get: preauth right after the get; set sends no token again', async () => {
      const p = await page()
      deepStrictEqual(await p.call('xmpp.register.account.get', { domain: 'localhost', token: 'good' }), [null, GET_RESULT])
      deepStrictEqual(await p.call('xmpp.register.account.set', { ...JULIET, token: 'good' }), [null, REGISTERED])
      deepStrictEqual(p.received().map(requests), [['get', 'preauth', 'set']])
    })

    it('an invite on get: the result names the invite, never the token', async () => {
      const p = await page()
      deepStrictEqual(await p.call('xmpp.register.account.get', { invite: 'xmpp:juliet@localhost?register;preauth=good' }),
        [null, { ...GET_RESULT, invite: { domain: 'localhost', username: 'juliet' } }])
      deepStrictEqual(await p.call('xmpp.register.account.set', JULIET), [null, REGISTERED])
      deepStrictEqual(p.received().map(requests), [['get', 'preauth', 'set']])
    })

    it('a contact invite (XEP-0401 roster;ibr=y): get and set name the inviter as contact; a plain sign-up after it on a new stream does not', async () => {
      const p = await page()
      deepStrictEqual(await p.call('xmpp.register.account.get', { invite: 'xmpp:Alice@LocalHost?roster;preauth=good;ibr=y' }),
        [null, { ...GET_RESULT, invite: { domain: 'localhost', contact: 'alice@localhost' } }])
      deepStrictEqual(await p.call('xmpp.register.account.set', JULIET), [null, { ...REGISTERED, contact: 'alice@localhost' }])
      deepStrictEqual(await p.call('xmpp.register.account.get', { domain: 'localhost' }), [null, GET_RESULT])
      deepStrictEqual(await p.call('xmpp.register.account.set', JULIET), [null, REGISTERED])
      deepStrictEqual(p.received().map(requests), [['get', 'preauth', 'set'], ['get', 'set']])
    })

    it('a bad token fails at get with the server\'s error; the stream is closed', async () => {
      const p = await page()
      deepStrictEqual(await p.call('xmpp.register.account.get', { domain: 'localhost', token: 'bad' }), [{ type: 'cancel', condition: 'forbidden' }])
      deepStrictEqual(await p.call('xmpp.register.account.set', JULIET),
        [{ type: 'connection', condition: 'disconnected', description: 'No sign-up stream is open for localhost: send xmpp.register.account.get first' }])
      deepStrictEqual(p.received().map(requests), [['get', 'preauth']])
    })

    it('a token on set when the get had none: preauth first, then the registration', async () => {
      const p = await page()
      await p.call('xmpp.register.account.get', { domain: 'localhost' })
      deepStrictEqual(await p.call('xmpp.register.account.set', { ...JULIET, token: 'bad' }), [{ type: 'cancel', condition: 'forbidden' }])
      deepStrictEqual(p.received().map(requests), [['get', 'preauth']])
    })

    it('set without a get: disconnected, no connection', async () => {
      const p = await page()
      deepStrictEqual(await p.call('xmpp.register.account.set', JULIET),
        [{ type: 'connection', condition: 'disconnected', description: 'No sign-up stream is open for localhost: send xmpp.register.account.get first' }])
      deepStrictEqual(p.received(), [])
    })

    it('a domain that is not configured: client error naming domain, no connection', async () => {
      const p = await page()
      deepStrictEqual(await p.call('xmpp.register.account.get', { domain: 'evil.example' }), [{
        type: 'modify', condition: 'client-error', description: "'domain' key names a domain this server does not sign up for", request: { domain: 'evil.example' }
      }])
      deepStrictEqual(p.received(), [])
    })

    it('cancel with no stream: (null, true); without a callback: nothing reported', async () => {
      const p = await page()
      deepStrictEqual(await p.call('xmpp.register.account.cancel', {}), [null, true])
      p.socket.fromBrowser('xmpp.register.account.cancel')
      deepStrictEqual(p.socket.toBrowser, [])
    })

    it('no callback on get or set: xmpp.error.client, nothing sent', async () => {
      const p = await page()
      p.socket.fromBrowser('xmpp.register.account.get', { domain: 'localhost' })
      p.socket.fromBrowser('xmpp.register.account.set', 'x', 'not a function')
      deepStrictEqual(p.socket.toBrowser, [
        { event: 'xmpp.error.client', data: { type: 'modify', condition: 'client-error', description: 'Missing callback', request: { domain: 'localhost' } } },
        { event: 'xmpp.error.client', data: { type: 'modify', condition: 'client-error', description: 'Missing callback', request: 'x' } }
      ])
      deepStrictEqual(p.received(), [])
    })

    it('cancel while get waits: the get is disconnected, the stream closed', async () => {
      const p = await page({}, ['get'])
      const get = p.call('xmpp.register.account.get', { domain: 'localhost' })
      while (p.received().length === 0 || !p.received()[0]!.includes('<iq')) await new Promise((resolve) => setTimeout(resolve, 5))
      deepStrictEqual(await p.call('xmpp.register.account.cancel', {}), [null, true])
      deepStrictEqual(await get, [{ type: 'connection', condition: 'disconnected', description: 'The sign-up stream was closed' }])
    })

    it('cancel while the stream opens: the get is disconnected once open, the stream closed', async () => {
      const p = await page()
      const get = p.call('xmpp.register.account.get', { domain: 'localhost' })
      deepStrictEqual(await p.call('xmpp.register.account.cancel', {}), [null, true])
      deepStrictEqual(await get, [{ type: 'connection', condition: 'disconnected', description: 'The sign-up stream was closed before it was ready' }])
    })

    it('a second request while one runs: resource-constraint; the first still answers', async () => {
      const p = await page()
      const first = p.call('xmpp.register.account.get', { domain: 'localhost' })
      deepStrictEqual(await p.call('xmpp.register.account.get', { domain: 'localhost' }), [{
        type: 'wait', condition: 'resource-constraint', description: 'Another sign-up request of this socket is still running: wait for its callback'
      }])
      deepStrictEqual(await first, [null, GET_RESULT])
      await p.call('xmpp.register.account.cancel', {})
    })

    it('a get for another domain closes the open stream first', async () => {
      const p = await page()
      await p.call('xmpp.register.account.get', { domain: 'localhost' })
      deepStrictEqual(await p.call('xmpp.register.account.get', { domain: 'other.test' }), [null, { ...GET_RESULT, domain: 'other.test' }])
      equal(signupStreamCount(), 1)
      deepStrictEqual(p.received().map((r) => r.endsWith('</stream:stream>')), [true, false])
      await p.call('xmpp.register.account.cancel', {})
    })

    it('the idle timeout closes the stream: set is disconnected', async () => {
      const p = await page({ idleTimeout: 50 })
      await p.call('xmpp.register.account.get', { domain: 'localhost' })
      await new Promise((resolve) => setTimeout(resolve, 120))
      deepStrictEqual(await p.call('xmpp.register.account.set', JULIET),
        [{ type: 'connection', condition: 'disconnected', description: 'The sign-up stream was idle for 50 ms' }])
      deepStrictEqual(p.received().map(requests), [['get']])
    })

    it('the global cap: over it, resource-constraint and nothing opened', async () => {
      const a = await page({ maxStreams: 1 })
      const b = await page({ maxStreams: 1 })
      await a.call('xmpp.register.account.get', { domain: 'localhost' })
      deepStrictEqual(await b.call('xmpp.register.account.get', { domain: 'localhost' }),
        [{ type: 'wait', condition: 'resource-constraint', description: 'Too many sign-ups at once (1); try again later' }])
      equal(a.received().length, 1)
      await a.call('xmpp.register.account.cancel', {})
    })

    for (const event of ['end', 'disconnect']) {
      it(`socket '${event}': the stream closes, a waiting request is disconnected, the events are unbound`, async () => {
        const p = await page({}, ['get'])
        const get = p.call('xmpp.register.account.get', { domain: 'localhost' })
        while (p.received().length === 0 || !p.received()[0]!.includes('<iq')) await new Promise((resolve) => setTimeout(resolve, 5))
        p.socket.emit(event)
        deepStrictEqual(await get, [{ type: 'connection', condition: 'disconnected', description: 'The sign-up stream was closed' }])
        deepStrictEqual(EVENTS.map((e) => p.socket.listenerCount(e)), [0, 0, 0])
      })
    }

    // xmpp-ftw's Presence plugin binds 'disconnect' with socket.removeAllListeners('disconnect')
    // each time the user goes online: the sign-up's own listener must come back. socket.io
    // reserves the 'removeListener' event name (its server socket's emit throws for it), so the
    // sign-up must not listen to Node's report of a removal.
    const SOCKETS: Array<[string, () => FakeSocket]> = [
      ['a Node emitter', () => new FakeSocket()],
      ["a socket.io-like socket (emit throws for 'removeListener')", () => new ReservedNamesSocket()]
    ]
    for (const [kind, makeSocket] of SOCKETS) {
      it(`attached before login, then online: socket 'disconnect' still closes the stream (${kind})`, async () => {
        const socket = makeSocket()
        const xmpp = new Xmpp(socket) as unknown as { client?: unknown; registerXmppEvents(): void; addListener(l: unknown): void }
        xmpp.addListener(new Register())
        const p = await page({}, ['get'], { socket, xmpp })
        const client = new FakeClient()
        xmpp.client = client
        xmpp.registerXmppEvents()
        client.emit('online', { jid: { user: 'bill', domain: 'shakespeare.lit', resource: 'globe' } })
        const get = p.call('xmpp.register.account.get', { domain: 'localhost' })
        while (p.received().length === 0 || !p.received()[0]!.includes('<iq')) await new Promise((resolve) => setTimeout(resolve, 5))
        p.socket.emit('disconnect')
        deepStrictEqual(await get, [{ type: 'connection', condition: 'disconnected', description: 'The sign-up stream was closed' }])
        deepStrictEqual(EVENTS.map((e) => p.socket.listenerCount(e)), [0, 0, 0])
      })
    }

    it('xmpp.login (here a failed one) closes the stream; the events answer afterwards', async () => {
      const p = await page()
      await p.call('xmpp.register.account.get', { domain: 'localhost' })
      p.socket.fromBrowser('xmpp.login', {})
      await new Promise((resolve) => setTimeout(resolve, 20))
      equal(signupStreamCount(), 0)
      deepStrictEqual(await p.call('xmpp.register.account.get', { domain: 'localhost' }), [null, GET_RESULT])
      deepStrictEqual(await p.call('xmpp.register.account.set', JULIET), [null, REGISTERED])
      await new Promise((resolve) => setTimeout(resolve, 800)) // xmpp-ftw's login debounce timer
    })

    it('close(): the stream closes, the events are unbound; a second attach only after it', async () => {
      const p = await page()
      throws(() => Register.attachSignup(p.xmpp as never, { domains: { localhost: { host: '127.0.0.1' } } }),
        { message: 'xmpp-ftw-register sign-up: this socket already has a sign-up attached; close() it first' })
      await p.call('xmpp.register.account.get', { domain: 'localhost' })
      equal(Object.prototype.hasOwnProperty.call(p.socket, 'removeAllListeners'), true)
      p.signup.close()
      p.signup.close()
      deepStrictEqual(EVENTS.map((e) => p.socket.listenerCount(e)), [0, 0, 0])
      equal(Object.prototype.hasOwnProperty.call(p.socket, 'removeAllListeners'), false)
      const again = Register.attachSignup(p.xmpp as never, { domains: { localhost: { host: '127.0.0.1' } } })
      again.close()
    })

    it('logged in, and after logout: the same events answer', async () => {
      const s = onlineSession(pkg)
      const p = await page({}, [], s)
      deepStrictEqual(await p.call('xmpp.register.account.get', { domain: 'localhost' }), [null, GET_RESULT])
      deepStrictEqual(await p.call('xmpp.register.account.set', JULIET), [null, REGISTERED])
      s.xmpp.logout(() => undefined)
      deepStrictEqual(await p.call('xmpp.register.account.get', { domain: 'localhost' }), [null, GET_RESULT])
      deepStrictEqual(await p.call('xmpp.register.account.set', JULIET), [null, REGISTERED])
      deepStrictEqual(p.received().map(requests), [['get', 'set'], ['get', 'set']])
    })

    it('a bad configuration throws a TypeError naming the key', () => {
      const s = new FakeSocket()
      throws(() => Register.attachSignup(new Xmpp(s) as never, { domains: {} }),
        { name: 'TypeError', message: "xmpp-ftw-register sign-up configuration: 'domains' must be an object with at least one domain" })
      throws(() => Register.attachSignup({} as never, { domains: { localhost: { host: 'h' } } }),
        { name: 'TypeError', message: 'xmpp-ftw-register sign-up: the xmpp-ftw instance has no socket (send, on, removeListener)' })
    })
  })
}
