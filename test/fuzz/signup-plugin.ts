// Property test of the sign-up before login at the plugin level (issue 10): the plugin attached
// with `Register.attachSignup` to a real xmpp-ftw `Xmpp` (2.0 or 1.18) over a fake browser
// socket; its sign-up streams go to a scripted server on 127.0.0.1 that greets each connection
// and answers each request in a random way (mutated XEP-0077 and XEP-0445 examples, errors,
// wrong ids, foreign senders, not XML, too large, stream end or error, dropped connection,
// silence, pieces). Meanwhile the browser sends account.get/set/cancel (good and bad
// payloads, with and without callback), xmpp.login and xmpp.logout, a login that succeeds
// (xmpp-ftw's Presence plugin then removes every 'disconnect' listener of the socket) and the
// client going offline, sleeps, and the server drops its connections, in any order; the case ends with the socket gone (end or disconnect),
// the attachment closed, or the idle timeout. Every callback is called exactly once (a request
// without one gets one `xmpp.error.client`), once quiet a socket has at most one stream open, in
// the end no stream, socket or timer is left, and no debug line holds the password or the token.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'
import type { Socket } from 'node:net'
import { format } from 'node:util'

import createDebug from 'debug'
import fc from 'fast-check'
import type { Element } from 'ltx'

import { FakeClient, FakeSocket } from '../support/fakes'
import { FakeXmppServer, features, HEADER, REGISTER_FEATURE, STARTTLS_FEATURE } from '../support/fake-xmpp-server'
import { example, ex77 } from '../support/fixtures'
import { assertNothingLeft } from '../support/handles'
import { HOSTS, hostModule, loadRegister } from '../support/host'
import { mutate, mutations, type Mutation } from './arbitraries'

/** Milliseconds the plugin waits for the connection and each reply in these cases. */
export const SIGNUP_TIMEOUT = 50

const TOKEN_FEATURE = "<register xmlns='urn:xmpp:ibr-token:0'/>"
const TLS_FAILURE = "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>"

/** How the server greets a new connection. */
const GREETINGS = {
  register: HEADER + features(REGISTER_FEATURE),
  preauth: HEADER + features(TOKEN_FEATURE, REGISTER_FEATURE),
  'no-register': HEADER + features(),
  // STARTTLS offered, then refused with <failure/>.
  starttls: HEADER + features(STARTTLS_FEATURE, REGISTER_FEATURE),
  'stream-end': HEADER + '</stream:stream>',
  silence: ''
} as const
type Greeting = keyof typeof GREETINGS

const greeting = (): fc.Arbitrary<Greeting> => fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom<Greeting>('register', 'preauth') },
  { weight: 1, arbitrary: fc.constantFrom<Greeting>('no-register', 'starttls', 'stream-end', 'silence') }
)

const ANSWERS = ['ok', 'mutated', 'error', 'wrong-id', 'foreign', 'not-xml', 'too-large', 'stream-end', 'stream-error', 'drop', 'silence', 'split'] as const
type AnswerKind = typeof ANSWERS[number]

/** How the server answers one request: the kind, and for `mutated` which example and what changes. */
interface Answer { kind: AnswerKind; pick: number; changes: Mutation[]; from: number }

const answer = (): fc.Arbitrary<Answer> => fc.record({
  kind: fc.oneof(
    { weight: 14, arbitrary: fc.constant<AnswerKind>('ok') },
    { weight: 5, arbitrary: fc.constant<AnswerKind>('mutated') },
    { weight: 3, arbitrary: fc.constantFrom<AnswerKind>(...ANSWERS.filter((a) => a !== 'ok' && a !== 'mutated')) }
  ),
  pick: fc.nat(),
  changes: fc.oneof(fc.constant<Mutation[]>([]), mutations()),
  from: fc.nat(2)
})

/** XEP-0077 and XEP-0445 replies (results and errors) the mutations start from. */
const REPLY_SOURCES: Array<() => Element> = [2, 3, 6, 7, 9, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 25]
  .map((n) => () => ex77(n)).concat([3, 4].map((n) => () => example('0445', n)))
let replySources: Element[] | undefined
const replySource = (i: number): Element => {
  replySources ??= REPLY_SOURCES.map((load) => load())
  return replySources[i % replySources.length]!
}

const LEGACY = "<query xmlns='jabber:iq:register'><instructions>Choose a username and password.</instructions><username/><password/></query>"
const FORM = "<query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>" +
  "<field var='username' type='text-single'><required/></field><field var='password' type='text-private'><required/></field></x></query>"
const STANZA_ERROR = (condition: string, type: string): string =>
  `<error type='${type}'><${condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>`
const ERRORS = [
  STANZA_ERROR('conflict', 'cancel'),
  STANZA_ERROR('not-acceptable', 'modify'),
  STANZA_ERROR('forbidden', 'cancel'),
  FORM + STANZA_ERROR('not-acceptable', 'modify'),
  STANZA_ERROR('resource-constraint', 'wait')
]

/** One request the client sent: its attributes and what it asks (`query` or `preauth`). */
interface Request { id: string; type: string; to: string; payload: string }

const IQ = /<iq\s([^>]*)>\s*<([\w:-]+)/g
const requestsIn = (received: string): Request[] => [...received.matchAll(IQ)].map((m) => {
  const attrs = Object.fromEntries([...m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]))
  return { id: attrs.id ?? '', type: attrs.type ?? '', to: attrs.to ?? '', payload: m[2]! }
})

const escape = (value: string): string => value.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;')

/** The text of the server's answer to `request` (sent at once), or undefined (nothing, or sent in pieces). */
const reply = (a: Answer, request: Request, socket: Socket): string | undefined => {
  const { id, to } = request
  const ok = request.type === 'get' ? `<iq type='result' id='${escape(id)}' from='${escape(to)}'>${a.pick % 2 === 0 ? LEGACY : FORM}</iq>` : `<iq type='result' id='${escape(id)}'/>`
  switch (a.kind) {
    case 'ok': return ok
    case 'mutated': {
      const el = mutate(replySource(a.pick), a.changes)
      el.attrs.id = id
      if (a.from === 0) el.attrs.from = to
      else if (a.from === 1) delete el.attrs.from
      return el.toString()
    }
    case 'error': return `<iq type='error' id='${escape(id)}' from='${escape(to)}'>${ERRORS[a.pick % ERRORS.length]!}</iq>`
    case 'wrong-id': return `<iq type='result' id='${escape(id)}x'>${LEGACY}</iq>`
    case 'foreign': return `<iq type='result' from='evil.example' id='${escape(id)}'>${LEGACY}</iq>`
    case 'not-xml': return `<iq type='result' id='${escape(id)}'><</iq>`
    case 'too-large': return `<iq type='result' id='${escape(id)}'><query xmlns='jabber:iq:register'><instructions>${'x'.repeat(6000)}`
    case 'stream-end': return '</stream:stream>'
    case 'stream-error': return "<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>"
    case 'drop': socket.destroy(); return undefined
    case 'silence': return undefined
    case 'split': {
      const at = 1 + (a.pick % (ok.length - 1))
      socket.write(ok.slice(0, at))
      setImmediate(() => { if (!socket.destroyed) socket.write(ok.slice(at)) })
      return undefined
    }
  }
}

/** The scripted server of one case: greetings by connection, answers by request, in order. */
const serverFor = (greetings: Greeting[], answers: Answer[]): FakeXmppServer => {
  const state = new Map<Socket, { index: number; greeted: boolean; tls: boolean; answered: number }>()
  let answered = 0
  return new FakeXmppServer((received, socket) => {
    let conn = state.get(socket)
    if (conn === undefined) {
      conn = { index: state.size, greeted: false, tls: false, answered: 0 }
      state.set(socket, conn)
    }
    const kind = greetings[conn.index % greetings.length]!
    if (!conn.greeted) {
      if (!received.includes('<stream:stream')) return undefined
      conn.greeted = true
      return GREETINGS[kind]
    }
    if (kind === 'starttls') {
      if (conn.tls || !received.includes('<starttls')) return undefined
      conn.tls = true
      return TLS_FAILURE
    }
    const requests = requestsIn(received)
    let out = ''
    while (conn.answered < requests.length) out += reply(answers[answered++ % answers.length]!, requests[conn.answered++]!, socket) ?? ''
    return out
  })
}

/** What a page sends; `payload` picks one of the lists below. */
type Op =
  | { kind: 'get'; payload: number; callback: boolean; wait: boolean }
  | { kind: 'set'; payload: number; callback: boolean; wait: boolean }
  | { kind: 'cancel'; wait: boolean; check: boolean }
  | { kind: 'login'; check: boolean }
  | { kind: 'logout' }
  | { kind: 'online' }
  | { kind: 'offline' }
  | { kind: 'drop' }
  | { kind: 'sleep'; ms: number }

/** How the case ends: the socket goes (`end`, `disconnect`), the attachment is closed, or the idle timeout closes the stream. */
type Ending = 'end' | 'disconnect' | 'detach' | 'idle'

const callback = (): fc.Arbitrary<boolean> => fc.oneof({ weight: 15, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })
const wait = (): fc.Arbitrary<boolean> => fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })
/** Mostly a payload the plugin accepts (the first ones of each list), sometimes any. */
const payload = (accepted: number): fc.Arbitrary<number> => fc.oneof({ weight: 6, arbitrary: fc.nat(accepted - 1) }, { weight: 1, arbitrary: fc.nat() })

const op = (): fc.Arbitrary<Op> => fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('get' as const), payload: payload(5), callback: callback(), wait: wait() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), payload: payload(4), callback: callback(), wait: wait() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), wait: wait(), check: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('login' as const), check: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'logout' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'online' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'offline' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 40 }) }) }
)

/** A page's usual flow: a get, then a set for the same domain, each awaited (the payloads as listed below). */
const flow = (): fc.Arbitrary<Op[]> => fc.tuple(fc.boolean(), fc.nat(2), fc.nat(2)).map(([example, get, set]) => [
  { kind: 'get' as const, payload: example ? 3 + (get % 2) : get, callback: true, wait: true },
  { kind: 'set' as const, payload: example ? 2 : [0, 1, 3][set]!, callback: true, wait: true }
])

/** A get, awaited, then a cancel or an xmpp.login that must close the stream it opened. */
const interrupted = (): fc.Arbitrary<Op[]> => fc.tuple(fc.nat(4), fc.boolean()).map(([get, login]) => [
  { kind: 'get' as const, payload: get, callback: true, wait: true },
  login ? { kind: 'login' as const, check: true } : { kind: 'cancel' as const, wait: true, check: true }
])

/** An idle timeout no case reaches. */
const LONG_IDLE = 60000

/** One generated case. */
export interface SignupCase {
  host: number
  greetings: Greeting[]
  answers: Answer[]
  ops: Op[]
  end: { ending: Ending; idleTimeout: number }
  secret: number
}

export const signupCase = (): fc.Arbitrary<SignupCase> => fc.record({
  host: fc.nat(HOSTS.length - 1),
  greetings: fc.array(greeting(), { minLength: 1, maxLength: 4 }),
  answers: fc.array(answer(), { minLength: 1, maxLength: 8 }),
  ops: fc.array(fc.oneof({ weight: 2, arbitrary: flow() }, { weight: 1, arbitrary: interrupted() }, { weight: 4, arbitrary: op().map((o) => [o]) }), { minLength: 1, maxLength: 6 }).map((ops) => ops.flat()),
  // A long idle timeout shows that the other endings close the stream themselves.
  end: fc.oneof(
    fc.record({ ending: fc.constant<Ending>('idle'), idleTimeout: fc.integer({ min: 20, max: 250 }) }),
    fc.record({ ending: fc.constantFrom<Ending>('end', 'disconnect', 'detach'), idleTimeout: fc.oneof(fc.integer({ min: 20, max: 250 }), fc.constant(LONG_IDLE)) })
  ),
  secret: fc.integer({ min: 0x1000000, max: 0x7fffffff })
})

interface Secrets { user: string; password: string; token: string }

/** A payload, the domain a successful get names, and whether the plugin must refuse it as a client error. */
interface Payload { data: unknown; domain?: string; refused: boolean }

const getPayloads = ({ user, token }: Secrets): Payload[] => [
  { data: { domain: 'localhost' }, domain: 'localhost', refused: false },
  { data: { domain: 'LocalHost', token }, domain: 'localhost', refused: false },
  { data: { invite: `xmpp:localhost?register;preauth=${token}` }, domain: 'localhost', refused: false },
  { data: { invite: `xmpp:${user}@example.net?register;preauth=${token}` }, domain: 'example.net', refused: false },
  { data: { domain: 'example.net' }, domain: 'example.net', refused: false },
  { data: { domain: 'elsewhere.example', token }, refused: true },
  { data: { invite: `xmpp:elsewhere.example?register;preauth=${token}` }, refused: true },
  { data: { domain: 'localhost', token: `${token} x` }, refused: true },
  { data: { domain: 5 }, refused: true },
  { data: null, refused: true }
]

const setPayloads = ({ user, password, token }: Secrets): Payload[] => [
  { data: { domain: 'localhost', username: user, password }, domain: 'localhost', refused: false },
  { data: { domain: 'localhost', username: user, password, token }, domain: 'localhost', refused: false },
  { data: { domain: 'example.net', form: [{ var: 'username', value: user }, { var: 'password', type: 'text-private', value: password }] }, domain: 'example.net', refused: false },
  { data: { domain: 'localhost', token, form: { formType: 'jabber:iq:register', fields: [{ var: 'username', value: user }, { var: 'password', type: 'text-private', value: password }] } }, domain: 'localhost', refused: false },
  { data: { username: user, password, token }, refused: true },
  { data: { domain: 'elsewhere.example', username: user, password }, refused: true },
  { data: { domain: 'localhost', username: user, password: `${password}\u0000` }, refused: true },
  { data: 'localhost', refused: true }
]

/** A request the page made, and every call of its callback. */
interface Made { event: string; payload: Payload; calls: unknown[][] }

interface SignupAttachment { close(): void }
interface SignupRegisterClass {
  new (): unknown
  attachSignup(xmpp: unknown, options: unknown): SignupAttachment
}
interface XmppLike {
  client?: unknown
  addListener(listener: unknown): void
  registerXmppEvents(): void
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits (polling) until `done()` or `ms` passed; returns `done()`. */
const until = async (done: () => boolean, ms: number): Promise<boolean> => {
  const end = Date.now() + ms
  while (!done() && Date.now() < end) await sleep(5)
  return done()
}

const EVENTS = ['xmpp.register.account.get', 'xmpp.register.account.set', 'xmpp.register.account.cancel']
const MODES = ['form', 'legacy', 'redirect']

/** What the generated cases did: outcomes by event (printed by the runners to show the mix). */
export const signupStats: Record<string, number> = {}
const count = (what: string): void => { signupStats[what] = (signupStats[what] ?? 0) + 1 }

/** The top entries of {@link signupStats} as one line. */
export const describeSignupStats = (top = 20): string =>
  Object.entries(signupStats).sort((a, b) => b[1] - a[1]).slice(0, top).map(([what, n]) => `${what}: ${n}`).join(', ')

/** Checks one request's single callback against what it asked. */
const checkOutcome = (made: Made, secrets: Secrets): void => {
  equal(made.calls.length, 1, `${made.event} ${JSON.stringify(made.payload.data)}: ${made.calls.length} callbacks`)
  const args = made.calls[0]!
  count(`${made.event.slice('xmpp.register.account.'.length)} ${args[0] === null ? 'success' : (args[0] as { condition?: unknown }).condition}`)
  const what = `${made.event}: ${JSON.stringify(args)}`
  deepStrictEqual(JSON.parse(JSON.stringify(args)), args, `not JSON: ${what}`)
  if (made.event === 'xmpp.register.account.cancel') {
    deepStrictEqual(args, [null, true])
    return
  }
  if (args[0] !== null) {
    equal(args.length, 1, what)
    const error = args[0] as Record<string, unknown>
    ok(typeof error.type === 'string' && typeof error.condition === 'string', what)
    if (made.payload.refused) equal(error.condition, 'client-error', what)
    return
  }
  ok(!made.payload.refused, `a bad payload was accepted: ${what}`)
  equal(args.length, 2, what)
  const data = args[1] as Record<string, unknown>
  if (made.event === 'xmpp.register.account.get') {
    equal(data.domain, made.payload.domain, what)
    ok(MODES.includes(data.mode as string), what)
    const f = data.features as Record<string, unknown>
    ok(typeof f.register === 'boolean' && typeof f.preauth === 'boolean', what)
    ok(!JSON.stringify(data).includes(secrets.token), `the token is in the get result: ${what}`)
  } else {
    equal(data.registered, true, what)
    equal(data.jid, `${secrets.user}@${made.payload.domain}`, what)
  }
}

/**
 * Runs one case; `baseline` is the process's sockets and timers before any case. Throws
 * (an assertion) when a property does not hold.
 */
export const runSignupCase = async (c: SignupCase, baseline: Record<string, number>): Promise<void> => {
  const { pkg } = HOSTS[c.host]!
  const Register = loadRegister(pkg) as unknown as SignupRegisterClass
  const { Xmpp } = hostModule(pkg) as unknown as { Xmpp: new (socket: FakeSocket) => XmppLike }
  const secrets: Secrets = { user: `u${c.secret.toString(36)}`, password: `Pw${c.secret.toString(36)}Sec`, token: `Tk${(c.secret * 7).toString(36)}Zq` }
  const server = serverFor(c.greetings, c.answers)
  const port = await server.listen()
  const socket = new FakeSocket()
  const lines: string[] = []
  const saved = createDebug.log
  createDebug.enable('xmpp-ftw*')
  createDebug.log = (...args: unknown[]) => { lines.push(format(...args)) }
  const made: Made[] = []
  let withoutCallback = 0
  const xmpp = new Xmpp(socket)
  xmpp.addListener(new Register())
  const target = { host: '127.0.0.1', port, tls: 'optional' }
  const signup = Register.attachSignup(xmpp, {
    domains: { localhost: target, 'example.net': target },
    timeout: SIGNUP_TIMEOUT,
    idleTimeout: c.end.idleTimeout,
    maxStanzaBytes: 4096,
    limits: false
  })
  const settled = (): boolean => made.every((m) => m.calls.length > 0)
  try {
    const send = async (event: string, payload: Payload, callback: boolean, wait: boolean): Promise<void> => {
      if (!callback) {
        withoutCallback++
        socket.fromBrowser(event, payload.data)
        return
      }
      const m: Made = { event, payload, calls: [] }
      made.push(m)
      socket.fromBrowser(event, payload.data, (...args: unknown[]) => { m.calls.push(args) })
      if (!wait) return
      await until(() => m.calls.length > 0, 3000)
      // Once quiet, one socket has at most one sign-up stream open.
      if (settled()) ok(await until(() => server.connections <= 1, 1000), `${server.connections} sign-up streams open for one socket`)
    }
    // With `check` (and an idle timeout that cannot close it), the stream closes once the requests settled.
    const closes = async (check: boolean, what: string): Promise<void> => {
      if (!check || c.end.idleTimeout !== LONG_IDLE) return
      ok(await until(settled, 3000), 'a callback was never called')
      if (server.connections > 0) count(`${what} closing an open stream`)
      ok(await until(() => server.connections === 0, 1500), `${what} left ${server.connections} sign-up streams open`)
    }
    for (const o of c.ops) {
      switch (o.kind) {
        case 'get': { const list = getPayloads(secrets); await send(EVENTS[0]!, list[o.payload % list.length]!, o.callback, o.wait); break }
        case 'set': { const list = setPayloads(secrets); await send(EVENTS[1]!, list[o.payload % list.length]!, o.callback, o.wait); break }
        case 'cancel': await send(EVENTS[2]!, { data: {}, refused: false }, true, o.wait); await closes(o.check, 'cancel'); break
        case 'login': socket.fromBrowser('xmpp.login', { jid: `${secrets.user}@localhost` }); await closes(o.check, 'xmpp.login'); break
        case 'logout': socket.fromBrowser('xmpp.logout', {}, () => undefined); break
        case 'online': {
          // A login that succeeded (as test/support/session.ts): xmpp-ftw initialises its plugins,
          // and its Presence plugin removes every 'disconnect' listener of the socket.
          if (xmpp.client) break
          const client = new FakeClient()
          xmpp.client = client
          xmpp.registerXmppEvents()
          client.emit('online', { jid: { user: secrets.user, domain: 'localhost', resource: 'fuzz' } })
          count('online')
          break
        }
        case 'offline': if (xmpp.client) (xmpp.client as FakeClient).emit('offline'); break
        case 'drop': server.drop(); break
        case 'sleep': await sleep(o.ms)
      }
    }
    if (c.end.ending === 'end' || c.end.ending === 'disconnect') socket.emit(c.end.ending)
    if (c.end.ending === 'detach') {
      signup.close()
      signup.close()
      for (const event of EVENTS) equal(socket.listenerCount(event), 0, `${event} still bound after close()`)
    }
    ok(await until(settled, 4000), 'a callback was never called')
    // Closed by the ending; for 'idle', by the idle timeout.
    const { ending, idleTimeout } = c.end
    ok(await until(() => server.connections === 0, Math.min(idleTimeout + 2500, 4000)), `${server.connections} sign-up streams left (${ending}, idle timeout ${idleTimeout} ms)`)
  } finally {
    signup.close()
    // xmpp-ftw's own debounce timer of xmpp.login (750 ms) is not the plugin's.
    for (const listener of socket.listeners('xmpp.login')) (listener as { clear?: () => void }).clear?.()
    createDebug.disable()
    createDebug.log = saved
    await server.close()
  }
  await assertNothingLeft(baseline)
  for (const m of made) checkOutcome(m, secrets)
  equal(socket.toBrowser.filter((m) => m.event === 'xmpp.error.client').length, withoutCallback, 'one xmpp.error.client per request without a callback')
  const log = lines.join('\n')
  ok(!log.includes(secrets.password) && !log.includes(secrets.token), `a password or token was logged:\n${log}`)
}

/** The property over `runs` cases; resolves with fast-check's report (see `fc.check`). */
export const signupPluginProperty = (baseline: Record<string, number>): fc.IAsyncPropertyWithHooks<[SignupCase]> =>
  fc.asyncProperty(signupCase(), (c) => runSignupCase(c, baseline))
