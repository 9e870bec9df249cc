// Reply tracking: deadlines on the monotonic clock, one timer per connection that never
// skips an earlier deadline, no queue kept for a timeout value no longer in use, and
// pending requests settled at once when xmpp-ftw logs out or logs in again.
import { deepStrictEqual, equal } from 'node:assert/strict'

import FakeTimers from '@sinonjs/fake-timers'

import { FakeClient, ShapeModeClient, fakeManager } from '../../support/fakes'
import { HOSTS, loadRegister } from '../../support/host'
import { onlineSession, type Session } from '../../support/session'
import { IqTracker } from '../../../src/transport/tracker'

type InstalledClock = ReturnType<typeof FakeTimers.install>

const DAY = 24 * 60 * 60 * 1000
const TIMEOUT_ERROR = (to: string, ms: number): unknown[] =>
  [{ type: 'wait', condition: 'timeout', description: `No reply from ${to} within ${ms} ms` }]

describe('tracker: timeouts', () => {
  const Register = loadRegister('xmpp-ftw')
  let clock: InstalledClock
  beforeEach(() => {
    clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance', 'hrtime'], now: Date.UTC(2026, 0, 31) })
  })
  afterEach(() => clock.uninstall())

  /** One request through an embedded Register; its callback records [virtual ms, ...args]. */
  const request = (register: InstanceType<typeof Register>, to: string, calls: unknown[][], then?: () => void): void =>
    register.get({ to }, (...args: unknown[]) => {
      calls.push([performance.now(), ...args])
      then?.()
    })

  for (const [step, days] of [['back', -30], ['forward', 30]] as const) {
    it(`a wall-clock step ${step} by ${Math.abs(days)} days delays no timeout, and no timer loops`, () => {
      const manager = fakeManager()
      const [slow, fast] = [200, 100].map((timeout) => {
        const register = new Register({ timeout })
        register.init(manager, true)
        return register
      }) as [InstanceType<typeof Register>, InstanceType<typeof Register>]
      const calls: unknown[][] = []
      request(slow, 'slow.lit', calls)
      clock.tick(10)
      clock.setSystemTime(Date.now() + days * DAY)
      clock.tick(40)
      // Sent after the step, due before the first one.
      request(fast, 'fast.lit', calls)
      clock.tick(99)
      deepStrictEqual(calls, [])
      clock.tick(1)
      deepStrictEqual(calls, [[150, ...TIMEOUT_ERROR('fast.lit', 100)]])
      clock.tick(50)
      deepStrictEqual(calls, [[150, ...TIMEOUT_ERROR('fast.lit', 100)], [200, ...TIMEOUT_ERROR('slow.lit', 200)]])
      equal(slow.pending, 0)
      // The timer fires once more at most after the last request, then none is left.
      clock.tick(200)
      equal(clock.countTimers(), 0)
    })
  }

  it('one connection, timeouts of 100, 300 and 3000 ms: a request sent at 100 ms does not push back the one due at 300 ms', () => {
    const manager = fakeManager()
    const [r100, r300, r3000] = [100, 300, 3000].map((timeout) => {
      const register = new Register({ timeout })
      register.init(manager, true)
      return register
    }) as [InstanceType<typeof Register>, InstanceType<typeof Register>, InstanceType<typeof Register>]
    const calls: unknown[][] = []
    request(r100, 'a.lit', calls, () => request(r3000, 'c.lit', calls))
    request(r300, 'b.lit', calls)
    clock.tick(3100)
    deepStrictEqual(calls, [
      [100, ...TIMEOUT_ERROR('a.lit', 100)],
      [300, ...TIMEOUT_ERROR('b.lit', 300)],
      [3100, ...TIMEOUT_ERROR('c.lit', 3000)]
    ])
    clock.tick(3000)
    equal(clock.countTimers(), 0)
  })

  it('keeps no queue for a timeout value once its requests are answered (200,000 distinct timeouts)', () => {
    const tracker = new IqTracker()
    const queues = (tracker as unknown as { queues: Map<number, unknown> }).queues
    const reply = { name: 'iq', attrs: { type: 'result', id: '', from: 'shakespeare.lit' }, children: [] }
    let answered = 0
    for (let i = 0; i < 200000; i++) {
      const id = `r${i}`
      tracker.track({ id, from: 'shakespeare.lit', alsoFrom: undefined, acceptsNoFrom: false, timeoutMs: 1000 + i, deadline: 0, done: () => { answered++ } })
      reply.attrs.id = id
      tracker.claim(reply)
    }
    equal(answered, 200000)
    equal(tracker.size, 0)
    equal(queues.size, 0)
  })
})

for (const { version, pkg } of HOSTS) {
  describe(`tracker: logout and new login in xmpp-ftw ${version}`, () => {
    const DISCONNECTED = { type: 'connection', condition: 'disconnected', description: 'XMPP client disconnected' }

    /** Ways a session ends while requests wait: each removes every listener of the client. */
    const ENDINGS: Array<[string, (s: Session) => void]> = [
      ['xmpp.logout', (s) => s.socket.fromBrowser('xmpp.logout', {}, () => undefined)],
      ['socket end (browser gone)', (s) => s.socket.fromBrowser('end')],
      ['xmpp.login again', (s) => s.socket.fromBrowser('xmpp.login', { jid: 'bill@shakespeare.lit', password: 'pw' })]
    ]

    // node-xmpp-client's client is an emitter in "shape mode": the removal of the tracker's
    // listener, removed last as it went first, is not reported as an event there.
    const CLIENTS: Array<[string, () => FakeClient]> = [['', () => new FakeClient()], [' (emitter in shape mode)', () => new ShapeModeClient()]]
    for (const [ending, end] of ENDINGS) for (const [kind, makeClient] of CLIENTS) {
      it(`${ending}${kind}: waiting callbacks get disconnected at once, nothing is left on the old client`, async () => {
        const s = onlineSession(pkg, { timeout: 60000 }, undefined, undefined, makeClient())
        const old = s.client
        // The browser socket and a new connection, as far as xmpp-ftw touches them here.
        Object.assign(s.socket, { end: () => undefined })
        const xmpp = s.xmpp as unknown as { _connect(): void; client: FakeClient; registerXmppEvents(): void }
        xmpp._connect = () => {
          xmpp.client = new FakeClient()
          xmpp.registerXmppEvents()
        }
        const calls: unknown[][] = []
        s.socket.fromBrowser('xmpp.register.get', { to: 'shakespeare.lit' }, (...args: unknown[]) => calls.push(['get', ...args]))
        s.socket.fromBrowser('xmpp.register.unregister', { to: 'shakespeare.lit' }, (...args: unknown[]) => calls.push(['unregister', ...args]))
        s.socket.fromBrowser('xmpp.register.set', { to: 'room@conference.shakespeare.lit', nick: 'bill' }, (...args: unknown[]) => calls.push(['set', ...args]))
        equal(s.register.pending, 3)
        end(s)
        // Within the same turn of the event loop: before any timer or I/O.
        await Promise.resolve()
        deepStrictEqual(calls, [['get', DISCONNECTED], ['unregister', DISCONNECTED], ['set', DISCONNECTED]])
        // Only the stream guard's 'error' logger stays (src/transport/stream-guard.ts): a late stream
        // error on the old client is logged, not thrown.
        deepStrictEqual(old.eventNames().map((event) => [event, old.listenerCount(event)]), [['error', 1]], 'listeners left on the old client')
        // A late reply on the old client reaches nobody.
        old.reply("<iq type='result'/>", { from: 'room@conference.shakespeare.lit' })
        equal(calls.length, 3)
      })
    }

    it('the stream going offline: an account removal is a success, after xmpp-ftw\'s own disconnected event', async () => {
      const s = onlineSession(pkg, { timeout: 60000 })
      // What the browser sees, in order: socket messages and callbacks.
      const seen: unknown[][] = []
      const send = s.socket.send.bind(s.socket)
      s.socket.send = (event: string, data: unknown) => { seen.push([event, data]); send(event, data) }
      s.socket.fromBrowser('xmpp.register.unregister', { to: 'shakespeare.lit' }, (...args: unknown[]) => seen.push(['unregister', ...args]))
      s.socket.fromBrowser('xmpp.register.get', { to: 'shakespeare.lit' }, (...args: unknown[]) => seen.push(['get', ...args]))
      s.client.goOffline()
      await Promise.resolve()
      deepStrictEqual(seen, [['xmpp.error', DISCONNECTED], ['unregister', null, true], ['get', DISCONNECTED]])
    })
  })
}
