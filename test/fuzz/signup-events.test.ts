// Property test of the sign-up events (xmpp.register.account.get/set/cancel) on real xmpp-ftw
// 2.0 and 1.18 instances: random sequences of socket events (get, get with a token, get for
// another domain, set, cancel, end, disconnect, xmpp.login, pauses) against a scripted server
// that answers each request in a random way (result, error, silence, stream end, dropped
// connection), and greets each connection in a random way (at once, late, a header without
// features, nothing: the opening can be cut at any point). Every callback is called exactly once
// with success or a known condition; a request still waiting when the page cancels, ends,
// disconnects or logs in is answered then, never by the timeout (issue 21 #4, #5: an opening
// was not aborted); in the end no sign-up stream, socket or timer is left. SIGNUP_FUZZ_RUNS (default 60) cases;
// FUZZ_SEED=<seed> replays a run.
import { deepStrictEqual, equal, ok } from 'node:assert/strict'
import type { Socket } from 'node:net'

import fc from 'fast-check'

import { signupStreamCount } from '../../src/signup/stream'
import { FakeSocket } from '../support/fakes'
import { FakeXmppServer, features, HEADER, lastIqId, REGISTER_FEATURE } from '../support/fake-xmpp-server'
import { assertNothingLeft, snapshot } from '../support/handles'
import { HOSTS, hostModule, loadRegister } from '../support/host'

const runs = Number(process.env.SIGNUP_FUZZ_RUNS ?? 60)

const ANSWERS = ['result', 'error', 'silence', 'stream-end', 'drop'] as const
type Answer = typeof ANSWERS[number]
const ACTIONS = ['get', 'get-token', 'get-other', 'set', 'set-token', 'cancel', 'end', 'disconnect', 'login', 'pause'] as const
type Action = typeof ACTIONS[number]

const GREETINGS = ['greet', 'late', 'header-only', 'silent'] as const
type Greeting = typeof GREETINGS[number]
/** Actions that end what the socket's sign-up waits for. */
const DROPS: ReadonlySet<Action> = new Set(['cancel', 'end', 'disconnect', 'login'])

const QUERY = "<query xmlns='jabber:iq:register'><username/><password/></query>"
const KNOWN = new Set(['feature-not-implemented', 'timeout', 'disconnected', 'forbidden', 'resource-constraint', 'undefined-condition'])

const reply = (answer: Answer, id: string, socket: Socket): string | undefined => {
  switch (answer) {
    case 'result': return `<iq type='result' id='${id}'>${QUERY}</iq>`
    case 'error': return `<iq type='error' id='${id}'><error type='cancel'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`
    case 'silence': return undefined
    case 'stream-end': return '</stream:stream>'
    case 'drop': socket.destroy(); return undefined
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe(`property test: the sign-up events in any order (${runs} cases)`, function () {
  this.timeout(600000)

  it('every callback once with success or a known condition; nothing left', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? (Date.now() ^ (Math.random() * 0x100000000)))
    console.log(`      seed ${seed}`)
    const baseline = await snapshot()
    let answers: Answer[] = []
    let greetings: Greeting[] = []
    const greeted = new WeakMap<object, Greeting>()
    const greet = (socket: Socket): string | undefined => {
      if (greeted.has(socket)) return undefined
      const greeting = greetings.shift() ?? 'greet'
      greeted.set(socket, greeting)
      switch (greeting) {
        case 'greet': return HEADER + features(REGISTER_FEATURE)
        case 'late': setTimeout(() => { if (!socket.destroyed) socket.write(HEADER + features(REGISTER_FEATURE)) }, 40); return undefined
        case 'header-only': return HEADER
        case 'silent': return undefined
      }
    }
    const server = new FakeXmppServer((received, socket) => {
      if (!received.includes('<iq')) return received.includes('<stream:stream') ? greet(socket) : undefined
      const id = lastIqId(received)
      if (id === undefined || received.endsWith('</stream:stream>')) return undefined
      return reply(answers.shift() ?? 'result', id, socket)
    })
    const port = await server.listen()
    try {
      await fc.assert(fc.asyncProperty(
        fc.constantFrom(...HOSTS),
        fc.array(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom(...ANSWERS), { maxLength: 12 }),
        fc.array(fc.constantFrom(...GREETINGS), { maxLength: 4 }),
        async (host, actions: Action[], scripted: Answer[], greetingsOfCase: Greeting[]) => {
          answers = [...scripted]
          greetings = [...greetingsOfCase]
          const Register = loadRegister(host.pkg)
          const { Xmpp } = hostModule(host.pkg) as unknown as { Xmpp: new (socket: FakeSocket) => { addListener(l: unknown): void } }
          const socket = new FakeSocket()
          const xmpp = new Xmpp(socket)
          xmpp.addListener(new Register())
          const server = { host: '127.0.0.1', port, tls: 'optional' as const }
          const signup = Register.attachSignup(xmpp as never, { domains: { localhost: server, 'other.test': server }, timeout: 150, idleTimeout: 5000, limits: false })
          const calls: unknown[][][] = []
          /** Requests still waiting when a drop action came: never answered by the timeout. */
          const waitingAtDrop = new Set<unknown[][]>()
          const request = (event: string, data: unknown): void => {
            const mine: unknown[][] = []
            calls.push(mine)
            socket.fromBrowser(event, data, (...args: unknown[]) => { mine.push(args) })
          }
          const account = { domain: 'localhost', username: 'juliet', password: 'pw' }
          // A socket that ended or disconnected sends nothing more.
          const live = actions.slice(0, actions.findIndex((a) => a === 'end' || a === 'disconnect') + 1 || actions.length)
          for (const action of live) {
            if (DROPS.has(action)) for (const mine of calls) if (mine.length === 0) waitingAtDrop.add(mine)
            switch (action) {
              case 'get': request('xmpp.register.account.get', { domain: 'localhost' }); break
              case 'get-token': request('xmpp.register.account.get', { domain: 'localhost', token: 't' }); break
              case 'get-other': request('xmpp.register.account.get', { domain: 'other.test' }); break
              case 'set': request('xmpp.register.account.set', account); break
              case 'set-token': request('xmpp.register.account.set', { ...account, token: 't' }); break
              case 'cancel': request('xmpp.register.account.cancel', {}); break
              case 'end': case 'disconnect': socket.emit(action); break
              case 'login': socket.fromBrowser('xmpp.login', {}); break
              case 'pause': await pause(20); break
            }
          }
          const until = Date.now() + 3000
          while (calls.some((c) => c.length === 0) && Date.now() < until) await pause(10)
          signup.close()
          for (const mine of calls) {
            equal(mine.length, 1, 'each callback exactly once')
            const [error, data] = mine[0]!
            if (error === null) ok(data === true || (typeof data === 'object' && data !== null), 'success data')
            else ok(KNOWN.has((error as { condition: string }).condition), `known condition: ${JSON.stringify(error)}`)
            if (waitingAtDrop.has(mine)) ok((error as { condition?: string } | null)?.condition !== 'timeout', `answered by the timeout after a drop: ${JSON.stringify(actions)}`)
          }
          const settled = Date.now() + 1000
          while (signupStreamCount() > 0 && Date.now() < settled) await pause(10)
          equal(signupStreamCount(), 0)
          await pause(30)
          deepStrictEqual(calls.filter((c) => c.length !== 1), [])
        }
      ), { numRuns: runs, seed })
    } finally {
      await server.close()
    }
    await pause(800) // xmpp-ftw's xmpp.login debounce timers
    await assertNothingLeft(baseline, 3000)
  })
})
